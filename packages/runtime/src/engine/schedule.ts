import { ZeroLabError, type InstanceReport } from '@zerolab/shared'
import { pipeKey } from './buildSpec.ts'
import { GangWatch } from './deadlock.ts'
import { gangsOf } from './gangs.ts'
import { PipeRelay } from './pipeRelay.ts'
import type { Plan } from './plan.ts'

/** Instances one gang (a cycle, a self-connected group) may hold: the pool grows to this. */
export const MAX_GANG = 64

/** What the scheduler needs from the engine. */
export interface ScheduleContext {
  concurrency: number
  signal?: AbortSignal
  /** Makes `slots` workers free for a gang about to start (the pool grows). */
  grow?: (slots: number) => void
  queued: (i: number) => void
  /** Runs instance `i`; `relays` are the live pipes of its gang (by pipeKey), `watch` its deadlock check. */
  run: (i: number, relays: Map<string, PipeRelay>, watch?: GangWatch) => Promise<InstanceReport>
  finished: (i: number, r: InstanceReport) => void
  notRun: (i: number, why: string) => InstanceReport
}

/**
 * Rejects, before anything runs, a job with a gang over the cap or a zvm:// route inside a
 * gang (routes go through the spool, read once their writer ended).
 */
export function checkGangs(plan: Plan, cap = MAX_GANG): number[][] {
  const { gangs, gangOf } = gangsOf(plan.instances)
  plan.instances.forEach((inst, i) => {
    const z = inst.zvmIn.find((r) => gangOf[r.sourceId - 1] === gangOf[i])
    if (z)
      throw new ZeroLabError(
        'UNSUPPORTED',
        `zvm:// route ${z.source} → ${inst.name}:${z.toDevice} is part of a cycle; routes cannot form one (use connect)`,
        'groups',
      )
  })
  for (const g of gangs) {
    if (g.length <= cap) continue
    const names = g.slice(0, 3).map((i) => plan.instances[i]!.name)
    throw new ZeroLabError(
      'LIMIT_EXCEEDED',
      `instances ${names.join(', ')}… form a cycle of ${g.length} instances that must run at the same time; the cap is ${cap}`,
      'groups',
      { cap, asked: g.length },
    )
  }
  return gangs
}

/**
 * Runs a plan gang by gang in topological order: a gang starts once every gang it reads from
 * has ended (whatever their status), and all its instances start together, their pipes to
 * each other relayed live (PipeRelay) while pipes from earlier gangs come from the spool. At
 * most `concurrency` instances run at once; a gang larger than that waits until nothing runs.
 * Before a gang starts the executor grows so every member gets a worker at once.
 */
export function schedule(plan: Plan, ctx: ScheduleContext): Promise<InstanceReport[]> {
  const insts = plan.instances
  const n = insts.length
  const { gangs, gangOf } = gangsOf(insts)
  const byName = new Map(insts.map((inst, i) => [inst.name, i]))
  const reports: InstanceReport[] = new Array(n)
  const pending = new Int32Array(gangs.length)
  const dependents: number[][] = gangs.map(() => [])
  gangs.forEach((g, k) => {
    const ups = new Set<number>()
    for (const i of g) for (const u of insts[i]!.upstream) ups.add(gangOf[u - 1]!)
    ups.delete(k)
    pending[k] = ups.size
    for (const u of ups) dependents[u]!.push(k)
  })
  const left = gangs.map((g) => g.length)
  const ready: number[] = []
  let active = 0
  let done = 0

  return new Promise((resolve) => {
    const enqueue = (k: number): void => {
      ready.push(k)
      for (const i of gangs[k]!) ctx.queued(i)
    }
    const finish = (i: number, r: InstanceReport): void => {
      reports[i] = r
      done++
      ctx.finished(i, r)
      const k = gangOf[i]!
      if (--left[k]! > 0) return
      for (const d of dependents[k]!) if (--pending[d]! === 0 && !early[d]) enqueue(d)
    }
    /** Pipes between members of `members` (a gang, or a writer started with its readers). */
    const relaysOf = (members: number[]): Map<string, PipeRelay> => {
      const inside = new Set(members)
      const relays = new Map<string, PipeRelay>()
      for (const i of members) {
        for (const peer of insts[i]!.outPeers) {
          if (inside.has(byName.get(peer)!))
            relays.set(pipeKey(insts[i]!.name, peer), new PipeRelay())
        }
      }
      return relays
    }
    /** Readers started early, with their writer (they are not enqueued again). */
    const early = new Uint8Array(gangs.length)
    /**
     * Readers that can start together with the lone instance `k` when nothing else waits:
     * lone instances whose only writer still to end is `k`. Their pipe from `k` is then live
     * (streamed with backpressure) instead of parked in the spool. Only when the scheduler
     * has nothing else to run, so a wide DAG keeps every slot for its ready instances; and it
     * cannot deadlock: such a reader waits only on `k`, and `k` only on its live readers.
     */
    const coStart = (k: number): number[] => {
      if (gangs[k]!.length !== 1 || ready.length > 0) return []
      const out: number[] = []
      for (const d of dependents[k]!) {
        if (active + 1 + out.length + 1 > ctx.concurrency) break
        if (pending[d] === 1 && gangs[d]!.length === 1 && !early[d]) out.push(d)
      }
      return out
    }
    const pump = (): void => {
      const aborted = ctx.signal?.aborted === true
      while (!aborted && ready.length > 0) {
        const k = ready[0]!
        const g = gangs[k]!
        const room = Math.max(ctx.concurrency, g.length)
        if (active > 0 && active + g.length > room) break
        ready.shift()
        const with_ = coStart(k)
        for (const d of with_) {
          early[d] = 1
          for (const i of gangs[d]!) ctx.queued(i)
        }
        const members = [...g, ...with_.flatMap((d) => gangs[d]!)]
        if (g.length > 1) ctx.grow?.(g.length)
        const relays = relaysOf(members)
        const watch = members.length > 1 ? new GangWatch(relays, members.length) : undefined
        active += members.length
        for (const i of members) {
          ctx
            .run(i, relays, watch)
            .then((r) => finish(i, r))
            .finally(() => {
              active--
              pump()
            })
        }
      }
      if (done === n || (aborted && active === 0)) {
        for (let i = 0; i < n; i++) if (!reports[i]) reports[i] = ctx.notRun(i, 'cancelled')
        resolve(reports)
      }
    }
    ctx.signal?.addEventListener('abort', pump, { once: true })
    gangs.forEach((_, k) => {
      if (pending[k] === 0) enqueue(k)
    })
    pump()
  })
}
