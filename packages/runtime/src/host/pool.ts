import {
  RUNTIME_CAPS,
  type FromWorker,
  type InstanceResult,
  type InstanceSpec,
  type PoolStats,
} from '@zerolab/shared'
import { failedResult } from '../sandbox/common/failedResult.ts'
import { CodeLru } from './codeLru.ts'
import type { Endpoint, Spawn } from './endpoint.ts'
import { FairQueue } from './fairQueue.ts'

export type { PoolStats }

export interface PoolOptions {
  spawn: Spawn
  /** Number of warm workers. */
  size: number
  /**
   * Booted workers kept idle beside them: a worker killed at a timeout or a cancel is
   * replaced by a spare at once instead of a cold boot (default 1).
   */
  spares?: number
  /** Host memory all compiles in flight may be counted as (default RUNTIME_CAPS.compileBudgetBytes). */
  compileBudgetBytes?: number
}

export interface RunOptions {
  signal?: AbortSignal
  /** Transfer the spec's channel buffers to the worker (the caller must not reuse them). */
  transfer?: boolean
  /** Who the instance is for (an account): workers are shared fairly between owners. */
  owner?: string
}

/** A fixed set of warm workers running one instance each at a time (the engine's Executor). */
export interface WorkerPool {
  readonly size: number
  /** Guests run in workers: channels stream (see Executor.streams). */
  readonly streams: true
  /**
   * Makes sure `slots` workers are free for a gang of instances that must run together: adds
   * workers beyond the busy ones (up to `size + MAX_GANG` in all); they stay warm afterwards.
   */
  grow(slots: number): void
  run(spec: InstanceSpec, opts?: RunOptions): Promise<InstanceResult>
  /** Workers booted and busy, spares booted, instances waiting. */
  stats(): PoolStats
  close(): void
}

/** One queued instance run (not a job: a job is many of these). */
interface Task {
  id: number
  owner: string
  spec: InstanceSpec
  opts: RunOptions
  resolve: (r: InstanceResult) => void
  started: number
  timer?: ReturnType<typeof setTimeout>
  onAbort?: () => void
  /** Compile memory this job holds until its guest starts (see compileCost). */
  compile: number
}

interface Slot {
  ep: Endpoint
  off: () => void
  ready: boolean
  dead: boolean
  /** Mirror of the worker's program cache, so bytes it holds are not sent again. */
  hashes: CodeLru<true>
  job?: Task
}

const now = (): number => performance.now()
const MAX_BOOT_FAILURES = 5
/** Workers a pool may add for gangs, beyond its size (the engine's gang cap). */
const MAX_GANG = 64
/** Modules below this size compile without waiting for the compile budget. */
const SMALL_MODULE = 1024 * 1024

/**
 * Images that end their own guests at the wall-clock limit (QuickJS's interrupt handler):
 * the pool's kill is then a backstop a little later, so a timeout costs no worker.
 */
const SELF_TIMED: ReadonlySet<string> = new Set(['js'])
/**
 * How long after its limit a self-timed guest may take to stop before it is killed. Generous:
 * on a loaded host a QuickJS GC pass or a run of memory.grow calls can delay the interrupt by
 * a second, and a kill (a worker boot) costs far more than the wait.
 */
const graceMs = (timeoutMs: number): number => Math.min(5000, Math.max(1500, timeoutMs / 2))
/** How long a program new to a worker may take to compile before its limit starts. */
const COLD_START_MS = 30_000

/** Why a worker died, as an instance status: out of memory is `memory`, anything else `trap`. */
const deathStatus = (reason: string): 'memory' | 'trap' =>
  /out of memory|memory limit/i.test(reason) ? 'memory' : 'trap'

/** A spawn that throws becomes a worker that dies at once, so it is retried with backoff. */
function spawnOrReport(spawn: Spawn): Endpoint {
  try {
    return spawn()
  } catch (e) {
    const reason = `spawn failed: ${e instanceof Error ? e.message : String(e)}`
    return {
      post: () => {},
      on: (_cb, onExit) => {
        const t = setTimeout(() => onExit?.(reason), 0)
        return () => clearTimeout(t)
      },
      terminate: () => {},
    }
  }
}

export function createPool(o: PoolOptions): WorkerPool {
  const { spawn, size } = o
  const spareCount = o.spares ?? 1
  const compileBudget = o.compileBudgetBytes ?? RUNTIME_CAPS.compileBudgetBytes
  const slots: Slot[] = []
  const spares: Slot[] = []
  const queue = new FairQueue<Task>()
  let nextId = 1
  let closed = false
  let bootFailures = 0
  let compiling = 0
  let spawned = 0
  let killed = 0

  /** The compile memory a job is counted as: only programs the worker must compile anew. */
  const compileCost = (job: Task, slot: Slot): number => {
    const code = job.spec.program.code
    if (typeof code === 'string' || code.length < SMALL_MODULE) return 0
    if (slot.hashes.has(job.spec.program.hash)) return 0
    return code.length * RUNTIME_CAPS.compileBytesPerModuleByte
  }
  const releaseCompile = (job: Task): void => {
    compiling -= job.compile
    job.compile = 0
  }

  const finish = (slot: Slot | undefined, job: Task, result: InstanceResult): void => {
    if (job.timer) clearTimeout(job.timer)
    if (job.onAbort) job.opts.signal?.removeEventListener('abort', job.onAbort)
    if (slot?.job === job) slot.job = undefined
    if (job.started) queue.done(job)
    releaseCompile(job)
    job.resolve(result)
    pump()
  }

  const fail = (
    job: Task,
    status: 'error' | 'timeout' | 'trap' | 'memory',
    message: string,
  ): InstanceResult => {
    if (!job.started) return failedResult(job.spec.name, { status, message })
    const elapsed = now() - job.started
    // Timers may fire a fraction of a millisecond before performance.now() agrees.
    const wallMs = status === 'timeout' ? Math.max(elapsed, job.spec.limits.timeoutMs) : elapsed
    return failedResult(job.spec.name, { status, message, accounting: { wallMs } })
  }

  const spawnSlot = (): Slot => {
    spawned++
    const slot: Slot = {
      ep: spawnOrReport(spawn),
      off: () => {},
      ready: false,
      dead: false,
      hashes: new CodeLru(),
    }
    slot.off = slot.ep.on(
      (msg) => onMessage(slot, msg),
      (reason) => onExit(slot, reason),
    )
    return slot
  }

  /** Keeps `spareCount` workers booting or booted beside the slots. */
  const topUpSpares = (): void => {
    while (!closed && spares.length < spareCount) spares.push(spawnSlot())
  }

  /**
   * Kills a slot's worker and puts another in its place: a booted spare at once when there is
   * one (then a new spare boots in the background), else a fresh worker.
   */
  const replace = (slot: Slot): void => {
    if (slot.dead) return
    slot.dead = true
    if (!closed) killed++
    slot.off()
    slot.ep.terminate()
    const spareAt = spares.indexOf(slot)
    if (spareAt >= 0) spares.splice(spareAt, 1)
    if (closed) return
    if (!slot.ready) bootFailures++
    if (bootFailures >= MAX_BOOT_FAILURES) {
      for (const job of queue.drain())
        finish(undefined, job, fail(job, 'error', 'workers fail to start'))
    }
    const delay = slot.ready ? 0 : Math.min(2000, 50 * 2 ** bootFailures)
    const respawn = (): void => {
      if (closed) return
      if (spareAt >= 0) return topUpSpares()
      const index = slots.indexOf(slot)
      if (index < 0) return
      const ready = spares.findIndex((x) => x.ready && !x.dead)
      slots[index] = ready >= 0 ? spares.splice(ready, 1)[0]! : spawnSlot()
      topUpSpares()
      pump()
    }
    if (delay) setTimeout(respawn, delay)
    else respawn()
  }

  const onExit = (slot: Slot, reason: string): void => {
    const job = slot.job
    replace(slot)
    if (job) {
      const status = deathStatus(reason)
      finish(slot, job, fail(job, status, `worker died: ${reason}`))
    }
  }

  const kill = (slot: Slot, job: Task, result: InstanceResult): void => {
    replace(slot)
    finish(slot, job, result)
  }

  const onMessage = (slot: Slot, msg: FromWorker): void => {
    if (msg.type === 'ready') {
      slot.ready = true
      bootFailures = 0
      pump()
      return
    }
    const job = slot.job
    if (!job || !('id' in msg) || msg.id !== job.id) return
    if (msg.type === 'started') {
      // Compiled: the memory a compile takes is free again.
      releaseCompile(job)
      startTimer(slot, job, false, msg.selfTimed === true)
      pump()
    } else if (msg.type === 'result') finish(slot, job, msg.result)
    else if (msg.type === 'failed') {
      if (msg.error.code === 'NOT_FOUND' && slot.hashes.has(job.spec.program.hash)) {
        slot.hashes.delete(job.spec.program.hash)
        if (job.timer) clearTimeout(job.timer)
        dispatch(slot, job)
      } else finish(slot, job, fail(job, 'error', msg.error.message))
    }
  }

  /**
   * (Re)starts the wall-clock limit: at dispatch, and again when the guest really starts. A
   * program sent for the first time may compile (or load its image) for up to COLD_START_MS
   * first: the worker always says when it starts one. A guest the worker ends itself at the
   * limit (the js image; a run the worker guards) gets a grace before the kill.
   */
  const startTimer = (slot: Slot, job: Task, cold = false, selfTimed = false): void => {
    if (job.timer) clearTimeout(job.timer)
    const ms = job.spec.limits.timeoutMs
    const expire = (): void => kill(slot, job, fail(job, 'timeout', `wall-clock limit of ${ms} ms`))
    const grace = selfTimed || SELF_TIMED.has(job.spec.program.image) ? graceMs(ms) : 0
    job.timer = setTimeout(expire, ms + grace + (cold ? COLD_START_MS : 0))
  }

  const dispatch = (slot: Slot, job: Task): void => {
    slot.job = job
    job.started = now()
    const { program } = job.spec
    let spec = job.spec
    const codeOmitted = slot.hashes.touch(program.hash) !== undefined
    if (codeOmitted) {
      const code = typeof program.code === 'string' ? '' : new Uint8Array(0)
      spec = { ...spec, program: { ...program, code } }
    } else slot.hashes.add(program.hash, true, program.code.length)
    const transfer: ArrayBuffer[] = []
    if (job.opts.transfer) {
      for (const c of spec.channels)
        if (c.data?.buffer instanceof ArrayBuffer) transfer.push(c.data.buffer)
    }
    startTimer(slot, job, !codeOmitted)
    try {
      slot.ep.post({ v: 1, type: 'run', id: job.id, spec, codeOmitted }, [...new Set(transfer)])
    } catch (e) {
      // e.g. a transferred buffer was already detached: answer, never throw.
      finish(slot, job, fail(job, 'error', `cannot send the instance: ${(e as Error).message}`))
    }
  }

  const pump = (): void => {
    while (queue.length > 0) {
      const slot = slots.find((s) => s.ready && !s.dead && !s.job)
      if (!slot) return
      // A big compile waits for room in the budget, unless nothing else is compiling.
      const fits = (job: Task): boolean => {
        const cost = compileCost(job, slot)
        return cost === 0 || compiling === 0 || compiling + cost <= compileBudget
      }
      const job = queue.take(fits)
      if (!job) return
      job.compile = compileCost(job, slot)
      compiling += job.compile
      dispatch(slot, job)
    }
  }

  for (let i = 0; i < size; i++) slots.push(spawnSlot())
  topUpSpares()

  return {
    get size() {
      return slots.length
    },
    streams: true,
    grow(free) {
      const busy = slots.filter((s) => s.job !== undefined).length + queue.length
      const target = Math.min(size + MAX_GANG, busy + free)
      while (!closed && slots.length < target) slots.push(spawnSlot())
    },
    stats: () => ({
      ready: slots.filter((x) => x.ready && !x.dead).length,
      busy: slots.filter((x) => x.job).length,
      spares: spares.length,
      sparesReady: spares.filter((x) => x.ready && !x.dead).length,
      queued: queue.length,
      spawned,
      killed,
    }),
    run(spec, opts = {}) {
      return new Promise<InstanceResult>((resolve) => {
        const job: Task = {
          id: nextId++,
          owner: opts.owner ?? '',
          spec,
          opts,
          resolve,
          started: 0,
          compile: 0,
        }
        if (closed) return resolve(fail(job, 'error', 'pool closed'))
        if (opts.signal?.aborted) return resolve(fail(job, 'error', 'cancelled'))
        job.onAbort = () => {
          if (queue.remove(job)) {
            finish(undefined, job, fail(job, 'error', 'cancelled'))
            return
          }
          const slot = slots.find((s) => s.job === job)
          if (slot) kill(slot, job, fail(job, 'error', 'cancelled'))
        }
        opts.signal?.addEventListener('abort', job.onAbort, { once: true })
        queue.push(job)
        pump()
      })
    },
    close() {
      if (closed) return
      closed = true
      for (const job of queue.drain()) finish(undefined, job, fail(job, 'error', 'pool closed'))
      for (const slot of [...slots, ...spares]) {
        const job = slot.job
        replace(slot)
        if (job) finish(slot, job, fail(job, 'error', 'pool closed'))
      }
    },
  }
}
