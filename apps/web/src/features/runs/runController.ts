import { ZeroLabError, parseJob, toZeroLabError, type Job } from '@zerolab/shared'
import {
  clearProgress,
  notify,
  setDock,
  setNodeProgress,
  type NodeProgress,
} from '../../state/appStore.ts'
import type { JobDocument } from '../../state/jobDocument.ts'
import { clusterClient, openSignIn } from '../cluster/clusterStore.ts'
import { clusterMessageEvents } from '../cluster/clusterEvents.ts'
import { EtagMemory, jobKey } from '../results/determinism.ts'
import { EngineEventAdapter, reportEvents } from './engineEvents.ts'
import {
  groupProgress,
  newRun,
  reduceRun,
  runEtags,
  type RunEvent,
  type RunTarget,
} from './runState.ts'
import { runStore } from './runStore.ts'

interface Active {
  id: string
  target: RunTarget
  abort: AbortController
}

let active: Active | null = null
let pending: RunEvent[] = []
let flushTimer: ReturnType<typeof setTimeout> | null = null
let shownProgress: Record<string, string> = {}

const now = (): number => performance.now()

/** Applies queued events at most every 50 ms, so a wide job does not re-render per event. */
function push(events: RunEvent[]): void {
  pending.push(...events)
  flushTimer ??= setTimeout(flush, 50)
}

function flush(): void {
  if (flushTimer !== null) clearTimeout(flushTimer)
  flushTimer = null
  const events = pending
  pending = []
  if (events.length === 0) return
  runStore.set((s) => (s.current ? { ...s, current: events.reduce(reduceRun, s.current) } : s))
  const run = runStore.get().current
  if (!run) return
  for (const [group, p] of Object.entries(groupProgress(run))) {
    const next: NodeProgress = { state: p.state, done: p.done, total: p.total }
    const sig = `${p.state}:${p.done}/${p.total}`
    if (shownProgress[group] === sig) continue
    shownProgress[group] = sig
    setNodeProgress(group, next)
  }
}

export const isRunning = (): boolean => active !== null

/** Validates the designer's job; a rejection is shown with its JSON path. */
function validate(doc: JobDocument): Job | null {
  try {
    return parseJob(doc)
  } catch (e) {
    const err = toZeroLabError(e)
    notify(err.message, 'error')
    return null
  }
}

function begin(target: RunTarget, doc: JobDocument): Active {
  if (flushTimer !== null) clearTimeout(flushTimer)
  flushTimer = null
  pending = []
  shownProgress = {}
  clearProgress()
  const a: Active = {
    id: `${target}-${Date.now().toString(36)}`,
    target,
    abort: new AbortController(),
  }
  active = a
  runStore.set({
    current: newRun({ id: a.id, target, jobKey: jobKey(doc), at: now() }),
    determinism: null,
    clusterJobId: null,
  })
  setDock('results')
  return a
}

function end(a: Active, failure?: unknown): void {
  if (failure !== undefined) {
    const err = toZeroLabError(failure)
    const cancelled = err.code === 'CANCELLED' || a.abort.signal.aborted
    push([
      { type: 'done', at: now(), phase: cancelled ? 'cancelled' : 'failed', error: err.message },
    ])
    if (!cancelled) notify(`Run failed: ${err.message}`, 'error')
  }
  flush()
  const run = runStore.get().current
  if (run && run.id === a.id && run.phase === 'ok') {
    const memory = new EtagMemory(localStorage)
    runStore.set((s) => ({
      ...s,
      determinism: memory.record(run.jobKey, runEtags(run), a.target),
    }))
  }
  if (active === a) active = null
}

export async function runLocal(doc: JobDocument): Promise<void> {
  if (active) return
  const job = validate(doc)
  if (!job) return
  const a = begin('local', doc)
  try {
    const { getLocalRuntime } = await import('../../runtime/localRuntime.ts')
    const rt = await getLocalRuntime()
    const adapter = new EngineEventAdapter()
    const report = await rt.run(job, {
      signal: a.abort.signal,
      onEvent: (e) => push(adapter.map(e, now())),
    })
    push(reportEvents(report, now()))
    end(a)
  } catch (e) {
    end(a, e)
  }
}

export async function runOnCluster(doc: JobDocument): Promise<void> {
  if (active) return
  const client = clusterClient()
  if (!client) {
    openSignIn()
    notify('Sign in to a server to run on the cluster.')
    return
  }
  const job = validate(doc)
  if (!job) return
  const a = begin('cluster', doc)
  try {
    const sub = await client.submit(doc)
    runStore.set((s) => ({ ...s, clusterJobId: sub.id }))
    const adapter = new EngineEventAdapter()
    let final: string | undefined
    await client.follow(
      sub.id,
      (m) => {
        const r = clusterMessageEvents(m, adapter, now())
        if (r.final) final = r.final
        push(r.events)
      },
      a.abort.signal,
    )
    const view = await client.job(sub.id)
    const report = view.report as Parameters<typeof reportEvents>[0] | undefined
    if (report && Array.isArray(report.instances)) push(reportEvents(report, now()))
    if (view.error) throw ZeroLabError.fromWire(view.error as never)
    push([
      {
        type: 'done',
        at: now(),
        phase:
          view.status === 'ok'
            ? 'ok'
            : view.status === 'cancelled'
              ? 'cancelled'
              : final === 'ok'
                ? 'ok'
                : 'failed',
      },
    ])
    end(a)
  } catch (e) {
    end(a, e)
  }
}

/** Stops the current run: aborts local workers, or DELETEs the cluster job. */
export async function cancelRun(): Promise<void> {
  const a = active
  if (!a) return
  if (a.target === 'cluster') {
    const id = runStore.get().clusterJobId
    const client = clusterClient()
    if (id && client) {
      try {
        await client.cancel(id)
        return // the event stream ends with `done: cancelled`
      } catch (e) {
        notify(`Cancel failed: ${toZeroLabError(e).message}`, 'error')
      }
    }
  }
  a.abort.abort(new ZeroLabError('CANCELLED', 'cancelled by the user'))
}

/** Shows a past cluster job's report in the results panel (from the history list). */
export async function showClusterJob(id: string): Promise<void> {
  if (active) return
  const client = clusterClient()
  if (!client) return
  try {
    const view = await client.job(id)
    const at = now()
    const run = newRun({
      id: `cluster-${id}`,
      target: 'cluster',
      jobKey: view.job === undefined ? id : jobKey(view.job),
      at,
    })
    const report = view.report as Parameters<typeof reportEvents>[0] | undefined
    const events: RunEvent[] =
      report && Array.isArray(report.instances)
        ? reportEvents(report, at)
        : [
            {
              type: 'done',
              at,
              phase:
                view.status === 'ok' ? 'ok' : view.status === 'cancelled' ? 'cancelled' : 'failed',
            },
          ]
    const last = events[events.length - 1]
    if (last?.type === 'done' && view.error) last.error = view.error.message
    runStore.set({ current: events.reduce(reduceRun, run), determinism: null, clusterJobId: id })
  } catch (e) {
    notify(`Could not load job ${id}: ${toZeroLabError(e).message}`, 'error')
  }
}

let warming = false

/** Starts the worker pool ahead of the first run (on hover/focus of Run): the cold start overlaps the click. */
export function prewarmLocal(): void {
  if (warming) return
  warming = true
  void import('../../runtime/localRuntime.ts')
    .then((m) => m.getLocalRuntime())
    .catch(() => (warming = false))
}
