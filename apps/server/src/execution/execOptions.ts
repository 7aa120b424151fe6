import { JOB_CAPS, type JobCaps } from '@zerolab/shared'
import type { ShareQuota } from '../db/sharesRepo.ts'
import type { JobQueueOptions } from './jobQueue.ts'
import { DEFAULT_JOB_CAPS, type ServerJobCaps } from './clampLimits.ts'
import type { PoolFactory } from './jobRunner.ts'

/** How the server runs jobs: queue bounds, the sandbox pool, and what a request may ask for. */
export interface ExecOptions {
  queue: Partial<JobQueueOptions>
  /** worker_threads in the sandbox pool. */
  poolSize: number
  /** Largest job document for ZeroCloud execution (zerovm_maxconfig). */
  maxExecJobBytes: number
  /** Largest job document for POST /api/jobs (playground jobs carry inline sources). */
  maxApiJobBytes: number
  /** Largest request body used as path-less stdin with X-Zerovm-Source. */
  maxStdinBytes: number
  maxShareBytes: number
  /** Share links one account may store. */
  shareQuota: ShareQuota
  /** Ceilings on what jobs may ask for (timeout, memory). */
  caps: ServerJobCaps
  /** Caps on a job's shape: instances, pipes, listings, fields (docs/limits.md). */
  jobCaps: JobCaps
  /** Start the workers at once instead of on the first job (default: yes, except under vitest). */
  warmPool: boolean
  /** Builds the sandbox pool; default: the runtime's worker_threads pool. */
  pool?: PoolFactory
}

const envInt = (name: string, dflt: number): number => {
  const v = Number(process.env[name])
  return Number.isInteger(v) && v > 0 ? v : dflt
}

/** Defaults, with the ZEROLAB_* environment variables applied. */
export function execOptionsFromEnv(): ExecOptions {
  return {
    queue: {
      maxRunning: envInt('ZEROLAB_MAX_RUNNING_JOBS', 4),
      maxRunningPerAccount: envInt('ZEROLAB_MAX_RUNNING_PER_ACCOUNT', 2),
      maxQueued: envInt('ZEROLAB_MAX_QUEUED_JOBS', 64),
      maxQueuedPerAccount: envInt('ZEROLAB_MAX_QUEUED_PER_ACCOUNT', 16),
    },
    poolSize: envInt('ZEROLAB_WORKERS', 2),
    maxExecJobBytes: 65536,
    maxApiJobBytes: 4 * 1024 * 1024,
    maxStdinBytes: 64 * 1024 * 1024,
    maxShareBytes: 512 * 1024,
    shareQuota: {
      maxShares: envInt('ZEROLAB_SHARES_PER_ACCOUNT', 1000),
      maxBytes: envInt('ZEROLAB_SHARE_BYTES_PER_ACCOUNT', 32 * 1024 * 1024),
    },
    caps: {
      maxTimeoutMs: envInt('ZEROLAB_MAX_TIMEOUT_MS', DEFAULT_JOB_CAPS.maxTimeoutMs),
      maxMemoryMb: envInt('ZEROLAB_MAX_MEMORY_MB', DEFAULT_JOB_CAPS.maxMemoryMb),
    },
    jobCaps: { ...JOB_CAPS },
    warmPool: process.env.ZEROLAB_WARM_POOL
      ? process.env.ZEROLAB_WARM_POOL !== '0'
      : !process.env.VITEST,
  }
}

/** `over` on top of the environment's options (queue bounds merged field by field). */
export function execOptions(over: Partial<ExecOptions> = {}): ExecOptions {
  const base = execOptionsFromEnv()
  return { ...base, ...over, queue: { ...base.queue, ...over.queue } }
}
