import type { Job } from '@zerolab/shared'

export interface ServerJobCaps {
  /** Longest wall clock an instance may ask for. */
  maxTimeoutMs: number
  /** Most guest memory an instance may ask for. */
  maxMemoryMb: number
}

export const DEFAULT_JOB_CAPS: ServerJobCaps = { maxTimeoutMs: 300_000, maxMemoryMb: 1024 }

/**
 * The server's ceilings on what a job may ask for: a group's `limits.timeoutMs` and
 * `limits.memoryMb` are lowered to them (never raised), so one job cannot hold a worker
 * for hours. Returns the job unchanged when nothing is over.
 */
export function clampLimits(job: Job, caps: ServerJobCaps): Job {
  let changed = false
  const groups = job.groups.map((g) => {
    const l = g.limits
    if (!l) return g
    const over =
      (l.timeoutMs !== undefined && l.timeoutMs > caps.maxTimeoutMs) ||
      (l.memoryMb !== undefined && l.memoryMb > caps.maxMemoryMb)
    if (!over) return g
    changed = true
    const limits = { ...l }
    if (limits.timeoutMs !== undefined)
      limits.timeoutMs = Math.min(limits.timeoutMs, caps.maxTimeoutMs)
    if (limits.memoryMb !== undefined) limits.memoryMb = Math.min(limits.memoryMb, caps.maxMemoryMb)
    return { ...g, limits }
  })
  return changed ? { ...job, groups } : job
}
