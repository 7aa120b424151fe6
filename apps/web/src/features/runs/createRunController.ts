import { ZeroLabError, parseJob, toZeroLabError, type Job } from '@zerolab/shared'
import type { LocalRuntime } from '../../runtime/localRuntime.ts'
import type { EdgeFlow, NodeProgress, Notice } from '../../state/appStore.ts'
import type { Store } from '../../state/createStore.ts'
import type { JobDocument } from '../../state/jobDocument.ts'
import type { ClusterClient } from '../cluster/index.ts'
import { toJobDocument } from '../../state/jobDocument.ts'
import { clusterMessageEvents } from './clusterEvents.ts'
import { jobKey, type EtagMemory } from './determinism.ts'
import { EngineEventAdapter, reportEvents } from './engineEvents.ts'
import {
  edgeFlows,
  groupProgress,
  newRun,
  reduceRun,
  runEtags,
  type RunEvent,
  type RunTarget,
} from './runState.ts'
import { MAX_PAST_RUNS, type RunsState } from './runStore.ts'

export interface RunControllerDeps {
  runs: Store<RunsState>
  /** The designer's side of a run: toasts, progress drawn on the nodes, the leave guard. */
  ui: {
    notify(text: string, kind?: Notice['kind']): void
    setNodeProgress(group: string, p: NodeProgress): void
    /** What flowed along each edge, once the instances' reports say. */
    setEdgeFlows?(flows: Record<string, EdgeFlow>): void
    clearProgress(): void
    /** A local run dies with the page: ask before leaving while one runs. */
    guardLeave?(reason: string | null): void
  }
  /** The local runtime (a lazy chunk on the page). */
  localRuntime(): Promise<LocalRuntime>
  /** The signed-in cluster's client, or null. */
  cluster(): ClusterClient | null
  /** Opens the sign-in dialog; `then` runs after a successful sign-in. */
  openSignIn(then?: () => void): void
  etagMemory(): EtagMemory
  /**
   * Where the running cluster job's id is kept across a reload (sessionStorage on the page), so
   * a reloaded page follows it again (`attachClusterJob`).
   */
  pendingClusterJob?: { get(): string | null; set(id: string | null): void }
  now?: () => number
  /** Events are applied at most this often (ms), so a wide job does not re-render per event. */
  flushMs?: number
}

export interface RunController {
  runLocal(doc: JobDocument): Promise<void>
  runOnCluster(doc: JobDocument): Promise<void>
  /** Stops the current run: aborts local workers, or DELETEs the cluster job. */
  cancel(): Promise<void>
  /** Shows a past cluster job's report in the results panel (from the history list). */
  showClusterJob(id: string): Promise<void>
  /** Follows a cluster job that is still running (after a reload), else shows its report. */
  attachClusterJob(id: string): Promise<void>
  /**
   * Loads the local runtime ahead of the first run (on idle after start-up, on hover of Run):
   * the cold start overlaps other work, and a local run no longer needs the server.
   */
  prewarmLocal(): Promise<void>
  isRunning(): boolean
}

interface Active {
  id: string
  target: RunTarget
  abort: AbortController
}

const toDoc = (job: unknown): JobDocument => {
  try {
    return toJobDocument(job)
  } catch {
    return { version: 1, groups: [] }
  }
}

/** One run at a time, local or on the cluster; its events batched into the run store. */
export function createRunController(deps: RunControllerDeps): RunController {
  const { runs: runStore, ui } = deps
  const { notify } = ui
  const now = deps.now ?? ((): number => performance.now())
  const flushMs = deps.flushMs ?? 50
  let active: Active | null = null
  let pending: RunEvent[] = []
  let flushTimer: ReturnType<typeof setTimeout> | null = null
  let shownProgress: Record<string, string> = {}
  let warming: Promise<void> | null = null

  /** Applies queued events at most every `flushMs`. */
  function push(events: RunEvent[]): void {
    pending.push(...events)
    flushTimer ??= setTimeout(flush, flushMs)
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
      ui.setNodeProgress(group, next)
    }
    const flows = edgeFlows(run)
    if (Object.keys(flows).length > 0) ui.setEdgeFlows?.(flows)
  }

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
    ui.clearProgress()
    // Every stage shows queued from the click on: a fast job may end before its first event is shown.
    for (const g of doc.groups) ui.setNodeProgress(g.name, { state: 'queued' })
    const a: Active = {
      id: `${target}-${Date.now().toString(36)}`,
      target,
      abort: new AbortController(),
    }
    active = a
    runStore.set((s) => ({
      ...s,
      current: newRun({ id: a.id, target, jobKey: jobKey(doc), at: now() }),
      determinism: null,
      clusterJobId: null,
    }))
    if (target === 'local')
      ui.guardLeave?.('A run in this browser is in progress; leaving stops it.')
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
    if (run && run.id === a.id) {
      const determinism =
        run.phase === 'ok' ? deps.etagMemory().record(run.jobKey, runEtags(run), a.target) : null
      runStore.set((s) => ({
        ...s,
        determinism: determinism ?? s.determinism,
        past: [run, ...s.past.filter((p) => p.id !== run.id)].slice(0, MAX_PAST_RUNS),
      }))
    }
    if (active === a) {
      active = null
      if (a.target === 'local') ui.guardLeave?.(null)
      else deps.pendingClusterJob?.set(null)
    }
  }

  async function runLocal(doc: JobDocument): Promise<void> {
    if (active) return
    const job = validate(doc)
    if (!job) return
    const a = begin('local', doc)
    try {
      const rt = await deps.localRuntime()
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

  async function runOnCluster(doc: JobDocument): Promise<void> {
    if (active) return
    const client = deps.cluster()
    if (!client) {
      deps.openSignIn(() => void runOnCluster(doc))
      notify('Sign in to a server to run on the cluster; the run starts when you are in.')
      return
    }
    const job = validate(doc)
    if (!job) return
    const a = begin('cluster', doc)
    try {
      const sub = await client.submit(doc)
      await followCluster(a, client, sub.id)
    } catch (e) {
      end(a, e)
    }
  }

  /** Streams a submitted job's events into the run view until it ends, then its report. */
  async function followCluster(a: Active, client: ClusterClient, id: string): Promise<void> {
    runStore.set((s) => ({ ...s, clusterJobId: id }))
    deps.pendingClusterJob?.set(id)
    const adapter = new EngineEventAdapter()
    let final: string | undefined
    await client.follow(
      id,
      (m) => {
        const r = clusterMessageEvents(m, adapter, now())
        if (r.final) final = r.final
        push(r.events)
      },
      a.abort.signal,
    )
    const view = await client.job(id)
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
  }

  async function attachClusterJob(id: string): Promise<void> {
    const client = deps.cluster()
    if (active || !client) return
    let view: Awaited<ReturnType<ClusterClient['job']>>
    try {
      view = await client.job(id)
    } catch {
      deps.pendingClusterJob?.set(null)
      return
    }
    if (view.status !== 'queued' && view.status !== 'running') {
      deps.pendingClusterJob?.set(null)
      return showClusterJob(id)
    }
    const a = begin(
      'cluster',
      view.job === undefined ? { version: 1, groups: [] } : toDoc(view.job),
    )
    try {
      await followCluster(a, client, id)
    } catch (e) {
      end(a, e)
    }
  }

  async function cancel(): Promise<void> {
    const a = active
    if (!a) return
    if (a.target === 'cluster') {
      const id = runStore.get().clusterJobId
      const client = deps.cluster()
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

  async function showClusterJob(id: string): Promise<void> {
    if (active) return
    const client = deps.cluster()
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
                  view.status === 'ok'
                    ? 'ok'
                    : view.status === 'cancelled'
                      ? 'cancelled'
                      : 'failed',
              },
            ]
      const last = events[events.length - 1]
      if (last?.type === 'done' && view.error) last.error = view.error.message
      runStore.set((s) => ({
        ...s,
        current: events.reduce(reduceRun, run),
        determinism: null,
        clusterJobId: id,
      }))
    } catch (e) {
      notify(`Could not load job ${id}: ${toZeroLabError(e).message}`, 'error')
    }
  }

  function prewarmLocal(): Promise<void> {
    warming ??= deps
      .localRuntime()
      .then((rt) => (active ? undefined : rt.warmUp?.()))
      .catch(() => {
        warming = null
      })
    return warming
  }

  return {
    runLocal,
    runOnCluster,
    cancel,
    showClusterJob,
    attachClusterJob,
    prewarmLocal,
    isRunning: () => active !== null,
  }
}
