import { instanceFinished, ZeroLabError } from '@zerolab/shared'
import {
  notRun,
  type InstanceReport,
  type JobEvent,
  type Plan,
  type PlannedInstance,
  type Spool,
} from '@zerolab/runtime'
import type { JobDoc, RunRequest } from '../protocol.ts'
import { NodeLost } from './nodeClient.ts'
import type { ClusterNode, NodeRegistry } from './nodeRegistry.ts'
import { chooseNode, holds } from './placement.ts'

type State = 'waiting' | 'queued' | 'running' | 'done'

interface Task {
  inst: PlannedInstance
  /** Replica hosts of its attach object. */
  hosts: string[]
  state: State
  /** Upstream instances whose data is not (or no longer) available. */
  pending: number
  attempts: number
  node?: ClusterNode
  /** The node's epoch when this task ran there: its data is valid while the epoch holds. */
  epoch?: number
  report?: InstanceReport
  blockedBy?: string
  abort?: AbortController
  queuedOnce?: boolean
}

export interface ClusterRunOptions {
  jobId: string
  plan: Plan
  doc: JobDoc
  stdin?: Uint8Array
  hosts: string[][]
  registry: NodeRegistry
  /** Where the path-less outputs of finished instances are kept (`body:<id>`). */
  spool: Spool
  emit: (e: JobEvent) => void
  signal: AbortSignal
  /** Runs of one instance before it is given up (a node lost mid-run costs one). */
  maxAttempts: number
  /** Cap of one instance's body fetched back. */
  maxBodyBytes: number
  /** How long a job waits with no live node before failing its remaining instances. */
  noNodeMs: number
}

/**
 * Schedules one job's instances on the cluster's nodes: an instance is ready when every
 * upstream instance has ended `ok` and its pipe data is still held by a live node; it is
 * queued on a live node holding a replica of its object (the least loaded), run when that
 * node has a free slot (an idle node takes queued work it also holds a replica for). A node
 * lost mid-run costs its running instances an attempt; they, and finished instances whose pipe
 * data died with it and is still needed, run again elsewhere (deterministic, so the bytes are
 * the same), up to `maxAttempts`.
 */
export class ClusterRun {
  private readonly tasks: Task[]
  private readonly byName = new Map<string, Task>()
  private readonly dependents: Task[][]
  private readonly upstream: Task[][]
  private readonly queues = new Map<ClusterNode, Task[]>()
  private readonly running = new Map<ClusterNode, number>()
  private readonly taken = new Map<ClusterNode, number>()
  /** Nodes that hold this job's document, at which epoch. */
  private readonly docSent = new Map<ClusterNode, Promise<void>>()
  private readonly docEpoch = new Map<ClusterNode, number>()
  private parked: Task[] = []
  private done = 0
  private noNodeSince: number | undefined
  private noNodeTimer: ReturnType<typeof setTimeout> | undefined
  private resolve!: (r: InstanceReport[]) => void
  private finished = false

  constructor(private readonly o: ClusterRunOptions) {
    const insts = o.plan.instances
    this.tasks = insts.map((inst, i) => ({
      inst,
      hosts: o.hosts[i] ?? [],
      state: 'waiting',
      pending: 0,
      attempts: 0,
    }))
    for (const t of this.tasks) this.byName.set(t.inst.name, t)
    this.upstream = this.tasks.map((t) =>
      [...new Set(t.inst.upstream)].map((id) => this.tasks[id - 1]!),
    )
    this.dependents = this.tasks.map(() => [])
    this.tasks.forEach((t, i) => {
      t.pending = this.upstream[i]!.length
      for (const u of this.upstream[i]!) this.dependents[u.inst.id - 1]!.push(t)
    })
  }

  /** Runs every instance; resolves with their reports in id order. */
  run(): Promise<InstanceReport[]> {
    const p = new Promise<InstanceReport[]>((ok) => (this.resolve = ok))
    const off = this.o.registry.onChange((n, change) =>
      change === 'down' ? this.nodeDown(n) : this.nodeUp(),
    )
    const onAbort = (): void => this.cancelAll()
    this.o.signal.addEventListener('abort', onAbort, { once: true })
    void p.finally(() => {
      off()
      this.o.signal.removeEventListener('abort', onAbort)
      if (this.noNodeTimer) clearTimeout(this.noNodeTimer)
    })
    if (this.tasks.length === 0) this.resolve([])
    for (const t of this.tasks) if (t.pending === 0) this.enqueue(t)
    this.pump()
    return p
  }

  /** Nodes that ran (or hold the document of) this job, for the clean-up. */
  nodesUsed(): ClusterNode[] {
    return [...this.docSent.keys()]
  }

  private load = (n: ClusterNode): number =>
    (this.queues.get(n)?.length ?? 0) + (this.running.get(n) ?? 0)

  private available(t: Task): boolean {
    return (
      t.state === 'done' && t.report?.status === 'ok' && !!t.node?.alive && t.node.epoch === t.epoch
    )
  }

  private enqueue(t: Task): void {
    const alive = this.o.registry.alive()
    const n = chooseNode(alive, t.hosts, this.load, (x) => this.taken.get(x) ?? 0)
    if (!n) {
      t.state = 'waiting'
      this.parked.push(t)
      this.watchNoNode()
      return
    }
    t.state = 'queued'
    t.node = n
    this.taken.set(n, (this.taken.get(n) ?? 0) + 1)
    let q = this.queues.get(n)
    if (!q) this.queues.set(n, (q = []))
    q.push(t)
    if (!t.queuedOnce) {
      t.queuedOnce = true
      const g = this.o.plan.job.groups[t.inst.groupIndex]!.name
      this.o.emit({ type: 'instance-queued', id: t.inst.id, name: t.inst.name, group: g })
    }
  }

  private dequeue(t: Task): void {
    const q = t.node ? this.queues.get(t.node) : undefined
    const i = q ? q.indexOf(t) : -1
    if (i >= 0) q!.splice(i, 1)
  }

  private pump(): void {
    if (this.finished || this.o.signal.aborted) return
    for (const n of this.o.registry.alive()) {
      while ((this.running.get(n) ?? 0) < n.slots) {
        const t = this.queues.get(n)?.shift() ?? this.steal(n)
        if (!t) break
        this.dispatch(t, n)
      }
    }
  }

  /** Queued work for an idle node: one it holds a replica for, else from a backlogged node. */
  private steal(n: ClusterNode): Task | undefined {
    let backlog: { q: Task[]; node: ClusterNode } | undefined
    for (const [other, q] of this.queues) {
      if (other === n || q.length === 0) continue
      const i = q.findIndex((t) => holds(n, t.hosts))
      if (i >= 0) return q.splice(i, 1)[0]
      if (q.length > 2 * other.slots && (!backlog || q.length > backlog.q.length))
        backlog = { q, node: other }
    }
    return backlog?.q.pop()
  }

  private ensureDoc(n: ClusterNode): Promise<void> {
    if (this.docEpoch.get(n) !== n.epoch) this.docSent.delete(n)
    let p = this.docSent.get(n)
    if (!p) {
      p = n.client.putJob(this.o.jobId, this.o.doc, this.o.stdin)
      this.docSent.set(n, p)
      this.docEpoch.set(n, n.epoch)
      p.catch(() => this.docSent.delete(n))
    }
    return p
  }

  private dispatch(t: Task, n: ClusterNode): void {
    t.state = 'running'
    t.node = n
    t.epoch = n.epoch
    t.attempts++
    t.abort = new AbortController()
    this.running.set(n, (this.running.get(n) ?? 0) + 1)
    const sources: Record<string, string> = {}
    for (const u of this.upstream[t.inst.id - 1]!) if (u.node) sources[u.inst.name] = u.node.url
    const req: RunRequest = { self: n.url, attempt: t.attempts, instance: t.inst, sources }
    const signal = t.abort.signal
    const run = async (): Promise<void> => {
      await this.ensureDoc(n)
      const end = await n.client.run(this.o.jobId, req, {
        signal,
        onStarted: () =>
          this.o.emit({ type: 'instance-started', id: t.inst.id, name: t.inst.name, node: n.name }),
      })
      // Superseded meanwhile (its node was declared lost and it was queued again): drop it.
      const current = (): boolean => !signal.aborted && t.abort?.signal === signal
      if (!current()) return
      if (end.type === 'finished') {
        const r = end.report
        if (r.bodyDevice !== undefined) {
          const key = `body:${t.inst.id}`
          const body = await n.client.spool(this.o.jobId, key, this.o.maxBodyBytes)
          if (!current()) return
          await this.o.spool.put(key, body)
        }
        if (r.placement) r.placement.attempts = t.attempts
        this.complete(t, r)
      } else if (end.type === 'lost-input') {
        this.lostInput(t, end.from)
      } else {
        const r = notRun(this.o.plan, t.inst, `${n.name}: ${end.error.message}`)
        r.validation = 0
        this.complete(t, r)
      }
    }
    run()
      .catch((e: unknown) => {
        if (this.finished || signal.aborted) return
        if (e instanceof NodeLost) {
          this.o.registry.lost(n, e.message) // → nodeDown, which retries t
          if (t.state === 'running' && t.node === n) this.retry(t, e.message)
          return
        }
        const r = notRun(
          this.o.plan,
          t.inst,
          `${n.name}: ${e instanceof Error ? e.message : String(e)}`,
        )
        r.validation = 0
        this.complete(t, r)
      })
      .finally(() => {
        this.running.set(n, (this.running.get(n) ?? 1) - 1)
        this.pump()
      })
  }

  private complete(t: Task, r: InstanceReport): void {
    if (t.state === 'done') return
    t.state = 'done'
    t.report = r
    t.abort = undefined
    this.done++
    this.o.emit(instanceFinished(r))
    for (const d of this.dependents[t.inst.id - 1]!) {
      if (d.state !== 'waiting') continue
      if (r.status !== 'ok' && d.blockedBy === undefined)
        d.blockedBy = `${r.name} ended ${r.status}`
      if (--d.pending === 0) {
        if (d.blockedBy !== undefined)
          this.complete(d, notRun(this.o.plan, d.inst, `not run: upstream ${d.blockedBy}`))
        else this.enqueue(d)
      }
    }
    this.checkDone()
  }

  private checkDone(): void {
    if (this.finished || this.done < this.tasks.length) return
    this.finished = true
    this.resolve(this.tasks.map((t) => t.report!))
  }

  /** Runs `t` again (a node was lost under it), or gives up past maxAttempts. */
  private retry(t: Task, why: string): void {
    t.abort?.abort()
    t.abort = undefined
    if (t.attempts >= this.o.maxAttempts) {
      const r = notRun(this.o.plan, t.inst, `node lost ${t.attempts} times, gave up (${why})`)
      r.validation = 0
      this.complete(t, r)
      return
    }
    this.rewait(t)
  }

  /** Back to waiting for whatever upstream data is gone (running those writers again), else queued. */
  private rewait(t: Task): void {
    t.state = 'waiting'
    t.pending = 0
    for (const u of this.upstream[t.inst.id - 1]!) {
      if (this.available(u)) continue
      if (u.state !== 'done')
        t.pending++ // still to come: its completion counts t down
      else if (u.report?.status === 'ok')
        this.rerunWriter(u) // counts t (waiting) up itself
      else t.blockedBy ??= `${u.inst.name} ended ${u.report?.status ?? 'error'}`
    }
    if (t.pending > 0) return
    if (t.blockedBy !== undefined)
      this.complete(t, notRun(this.o.plan, t.inst, `not run: upstream ${t.blockedBy}`))
    else this.enqueue(t)
  }

  /** A finished writer whose data is gone: its waiting readers wait for it again; it runs again. */
  private rerunWriter(w: Task): void {
    if (w.report?.status !== 'ok') return
    this.done--
    for (const d of this.dependents[w.inst.id - 1]!) {
      if (d.state === 'queued') {
        this.dequeue(d)
        d.state = 'waiting'
        d.pending = 1
      } else if (d.state === 'waiting') d.pending++
    }
    w.report = undefined
    this.rewait(w)
  }

  private lostInput(t: Task, from: string): void {
    t.attempts-- // not this instance's fault
    const w = this.byName.get(from)
    // Its node restarted (or is going): treat its data as gone; rewait runs the writer again.
    if (w && w.state === 'done' && w.node)
      this.o.registry.lost(w.node, `pipe data of ${from} unreachable`)
    this.rewait(t)
    this.pump()
  }

  private nodeDown(n: ClusterNode): void {
    if (this.finished) return
    for (const t of this.queues.get(n)?.splice(0) ?? []) this.enqueue(t)
    for (const t of this.tasks) {
      if (t.node !== n) continue
      if (t.state === 'running') this.retry(t, `${n.name} lost`)
      else if (t.state === 'done' && t.report?.status === 'ok' && this.needed(t))
        this.rerunWriter(t)
    }
    this.pump()
  }

  /** Whether a reader still has to fetch `w`'s data. */
  private needed(w: Task): boolean {
    return this.dependents[w.inst.id - 1]!.some(
      (d) => d.state === 'waiting' || d.state === 'queued',
    )
  }

  private nodeUp(): void {
    if (this.finished) return
    this.noNodeSince = undefined
    const parked = this.parked
    this.parked = []
    for (const t of parked) if (t.state === 'waiting' && t.pending === 0) this.enqueue(t)
    this.pump()
  }

  private watchNoNode(): void {
    if (this.noNodeTimer) return
    this.noNodeSince ??= Date.now()
    this.noNodeTimer = setTimeout(() => {
      this.noNodeTimer = undefined
      if (this.finished || this.o.registry.alive().length > 0) return
      const msg = `no ZeroLab node reachable for ${Math.round(this.o.noNodeMs / 1000)} s`
      for (const t of this.tasks) {
        if (t.state === 'done') continue
        t.abort?.abort()
        this.complete(t, notRun(this.o.plan, t.inst, msg))
      }
    }, this.o.noNodeMs)
    this.noNodeTimer.unref()
  }

  private cancelAll(): void {
    if (this.finished) return
    for (const t of this.tasks) {
      if (t.state === 'done') continue
      t.abort?.abort()
      t.state = 'done'
      t.report = notRun(this.o.plan, t.inst, 'cancelled')
      this.done++
    }
    this.checkDone()
  }
}

export const noNodes = (): ZeroLabError =>
  new ZeroLabError('UNAVAILABLE', 'no ZeroLab node is up: start one (zerolab node) or check --node')
