import type { ClusterTotals, ProgramReport } from '@zerolab/runtime'
import { STATUSES, type Accounting, type InstanceStatus } from '@zerolab/shared'

export type RunTarget = 'local' | 'cluster'
export type InstancePhase = 'queued' | 'running' | InstanceStatus | 'cancelled'
export type RunPhase = 'starting' | 'running' | 'ok' | 'failed' | 'cancelled'

/** One written channel of an instance: what the results panel previews. */
export interface OutputView {
  /** Guest alias (`/dev/output`) or the object it was committed to. */
  channel: string
  path?: string
  size: number
  etag: string
  /** The first bytes, when the run side has them (local runs, fetched cluster outputs). */
  head?: Uint8Array
}

export interface InstanceResultView {
  status: InstanceStatus | 'cancelled'
  exitCode: number
  message?: string
  accounting?: Accounting
  cdr?: string
  stdout?: string
  stderr?: string
  outputs?: OutputView[]
  /** The pipes it wrote: to which instance, how many bytes, the first of them. */
  pipes?: { channel: string; peer: string; size: number; head: string }[]
  /** The objects it was given to read (which object each mapper read). */
  inputs?: { channel: string; path: string; size?: number }[]
  /** Channel or object path → MD5 hex. */
  etags?: Record<string, string>
  /** Cluster runs: the node that ran it, whether its input object was on that node's host. */
  node?: string
  inputLocal?: boolean
  /** Cluster runs: runs started (above 1 when a node was lost under it). */
  attempts?: number
}

export interface InstanceView extends Partial<InstanceResultView> {
  name: string
  group: string
  phase: InstancePhase
  /** stdout/stderr as it arrived while the instance ran: the last LIVE_KEEP_CHARS of each. */
  live?: { stdout?: string; stderr?: string }
  queuedAt?: number
  startedAt?: number
  endedAt?: number
}

/** Normalized progress: local engine events and server SSE events both map onto these. */
export type RunEvent =
  | { type: 'planned'; at: number; instances: { name: string; group: string }[] }
  | { type: 'queued'; at: number; name: string; group: string }
  | { type: 'started'; at: number; name: string; group: string; node?: string }
  | { type: 'finished'; at: number; name: string; group: string; result: InstanceResultView }
  | {
      type: 'output'
      at: number
      name: string
      group: string
      stream: 'stdout' | 'stderr'
      text: string
    }
  | {
      type: 'done'
      at: number
      phase: 'ok' | 'failed' | 'cancelled'
      error?: string
      /** Each group's program (module hash; how a C/C++ stage compiled), from the report. */
      programs?: ProgramReport[]
      cluster?: ClusterTotals
    }

export interface RunView {
  id: string
  target: RunTarget
  /** jobKey() of the job that ran, for the determinism check. */
  jobKey: string
  phase: RunPhase
  startedAt: number
  endedAt?: number
  error?: string
  /** Instances in the order they were first seen. */
  order: string[]
  instances: Record<string, InstanceView>
  programs?: ProgramReport[]
  /** Cluster runs: where the job ran and how much data moved (the report's totals.cluster). */
  cluster?: ClusterTotals
}

export function newRun(o: { id: string; target: RunTarget; jobKey: string; at: number }): RunView {
  return {
    id: o.id,
    target: o.target,
    jobKey: o.jobKey,
    phase: 'starting',
    startedAt: o.at,
    order: [],
    instances: {},
  }
}

const FINAL: readonly InstancePhase[] = [...STATUSES, 'cancelled']

/** Live output kept per instance and stream (the report's capture replaces it at the end). */
export const LIVE_KEEP_CHARS = 32 * 1024

/** `prev + text`, keeping only the last `max` characters (cut at a line start when one is near). */
export function appendBounded(prev: string, text: string, max = LIVE_KEEP_CHARS): string {
  const all = prev + text
  if (all.length <= max) return all
  let tail = all.slice(all.length - max)
  const nl = tail.indexOf('\n')
  if (nl >= 0 && nl < 200) tail = tail.slice(nl + 1)
  return tail.startsWith('[…') ? tail : `[… earlier output not kept]\n${tail}`
}

export const isFinalPhase = (p: InstancePhase): boolean => FINAL.includes(p)

/** Applies one event; never moves an instance back from a final phase (events can race). */
export function reduceRun(run: RunView, e: RunEvent): RunView {
  if (run.phase === 'ok' || run.phase === 'failed' || run.phase === 'cancelled') return run
  switch (e.type) {
    case 'planned': {
      let next: RunView = { ...run, phase: 'running' }
      for (const i of e.instances) next = upsert(next, i.name, i.group, (v) => v)
      return next
    }
    case 'queued':
      return upsert({ ...run, phase: 'running' }, e.name, e.group, (v) =>
        v.phase === 'queued' ? { ...v, queuedAt: v.queuedAt ?? e.at } : v,
      )
    case 'started':
      return upsert({ ...run, phase: 'running' }, e.name, e.group, (v) =>
        isFinalPhase(v.phase)
          ? v
          : { ...v, phase: 'running', startedAt: e.at, ...(e.node ? { node: e.node } : {}) },
      )
    case 'output':
      return upsert({ ...run, phase: 'running' }, e.name, e.group, (v) => {
        const live = { ...v.live }
        live[e.stream] = appendBounded(live[e.stream] ?? '', e.text)
        return { ...v, live, phase: v.phase === 'queued' ? 'running' : v.phase }
      })
    case 'finished':
      // A second `finished` (the full report after the live event) adds detail, keeps times.
      return upsert({ ...run, phase: 'running' }, e.name, e.group, (v) => ({
        ...v,
        ...e.result,
        phase: e.result.status,
        startedAt: v.startedAt ?? e.at - (e.result.accounting?.wallMs ?? 0),
        endedAt: isFinalPhase(v.phase) && v.endedAt !== undefined ? v.endedAt : e.at,
      }))
    case 'done': {
      const instances = { ...run.instances }
      if (e.phase !== 'ok') {
        for (const [name, v] of Object.entries(instances)) {
          if (!isFinalPhase(v.phase))
            instances[name] = {
              ...v,
              phase: 'cancelled',
              endedAt: v.startedAt === undefined ? undefined : e.at,
            }
        }
      }
      const out: RunView = { ...run, instances, phase: e.phase, endedAt: e.at }
      if (e.error !== undefined) out.error = e.error
      if (e.programs !== undefined) out.programs = e.programs
      if (e.cluster) out.cluster = e.cluster
      return out
    }
  }
}

function upsert(
  run: RunView,
  name: string,
  group: string,
  fn: (v: InstanceView) => InstanceView,
): RunView {
  const prev = run.instances[name]
  const base: InstanceView = prev ?? { name, group, phase: 'queued' }
  const order = prev ? run.order : [...run.order, name]
  return { ...run, order, instances: { ...run.instances, [name]: fn(base) } }
}

export interface GroupProgress {
  state: 'idle' | 'queued' | 'running' | InstanceStatus | 'cancelled'
  /** Instances that finished (ok or failed); cancelled ones are not done. */
  done: number
  total: number
}

/** Per-group (canvas node) progress: worst final status wins, else running/queued. */
export function groupProgress(run: RunView): Record<string, GroupProgress> {
  const out: Record<string, GroupProgress> = {}
  const byGroup = new Map<string, InstanceView[]>()
  for (const name of run.order) {
    const v = run.instances[name]!
    byGroup.set(v.group, [...(byGroup.get(v.group) ?? []), v])
  }
  for (const [group, list] of byGroup) {
    const ended = list.filter((v) => isFinalPhase(v.phase))
    // A cancelled instance did not get done: the count and the bar show what really finished.
    const done = ended.filter((v) => v.phase !== 'cancelled').length
    const bad = ended.some((v) => v.phase !== 'ok')
    let state: GroupProgress['state']
    if (ended.length === list.length) state = bad ? worst(list) : 'ok'
    else if (ended.length > 0 || list.some((v) => v.phase === 'running')) state = 'running'
    else state = 'queued'
    out[group] = { state, done, total: list.length }
  }
  return out
}

const SEVERITY: readonly string[] = [
  'invalid',
  'deadlock',
  'trap',
  'memory',
  'quota',
  'timeout',
  'error',
  'cancelled',
]

function worst(list: InstanceView[]): GroupProgress['state'] {
  for (const s of SEVERITY) if (list.some((v) => v.phase === s)) return s as GroupProgress['state']
  return 'ok'
}

/** Output ETags of the run for the determinism check: instance → channel → etag. */
export function runEtags(run: RunView): Record<string, Record<string, string>> {
  const out: Record<string, Record<string, string>> = {}
  for (const name of run.order) {
    const e = run.instances[name]?.etags
    if (e && Object.keys(e).length > 0) out[name] = { ...e }
  }
  return out
}

/** Sums the accounting of all finished instances (the job's CDR totals). */
export function totalAccounting(run: RunView): Accounting | undefined {
  let total: Accounting | undefined
  for (const name of run.order) {
    const a = run.instances[name]?.accounting
    if (!a) continue
    if (!total) total = { ...a }
    else
      for (const k of Object.keys(a) as (keyof Accounting)[])
        total[k] = k === 'memoryPeak' ? Math.max(total[k], a[k]) : total[k] + a[k]
  }
  return total
}

/** Bytes each edge (`writer group->reader group`) carried, summed over its pipes. */
export function edgeFlows(run: RunView): Record<string, { bytes: number; head: string }> {
  const out: Record<string, { bytes: number; head: string }> = {}
  for (const name of run.order) {
    const v = run.instances[name]!
    for (const p of v.pipes ?? []) {
      const to = run.instances[p.peer]?.group
      if (to === undefined) continue
      const key = `${v.group}->${to}`
      const f = (out[key] ??= { bytes: 0, head: '' })
      f.bytes += p.size
      if (!f.head) f.head = p.head
    }
  }
  return out
}
