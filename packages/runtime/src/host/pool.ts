import type { FromWorker, InstanceResult, InstanceSpec } from '@zerolab/shared'
import { failedResult } from '../sandbox/common/failedResult.ts'
import { CodeLru } from './codeLru.ts'
import type { Endpoint, Spawn } from './endpoint.ts'

export interface PoolOptions {
  spawn: Spawn
  /** Number of warm workers. */
  size: number
}

export interface RunOptions {
  signal?: AbortSignal
  /** Transfer the spec's channel buffers to the worker (the caller must not reuse them). */
  transfer?: boolean
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
  close(): void
}

interface Job {
  id: number
  spec: InstanceSpec
  opts: RunOptions
  resolve: (r: InstanceResult) => void
  started: number
  timer?: ReturnType<typeof setTimeout>
  onAbort?: () => void
}

interface Slot {
  ep: Endpoint
  off: () => void
  ready: boolean
  dead: boolean
  /** Mirror of the worker's program cache, so bytes it holds are not sent again. */
  hashes: CodeLru<true>
  job?: Job
}

const now = (): number => performance.now()
const MAX_BOOT_FAILURES = 5
/** Workers a pool may add for gangs, beyond its size (the engine's gang cap). */
const MAX_GANG = 64

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

export function createPool({ spawn, size }: PoolOptions): WorkerPool {
  const slots: Slot[] = []
  const queue: Job[] = []
  let nextId = 1
  let closed = false
  let bootFailures = 0

  const finish = (slot: Slot | undefined, job: Job, result: InstanceResult): void => {
    if (job.timer) clearTimeout(job.timer)
    if (job.onAbort) job.opts.signal?.removeEventListener('abort', job.onAbort)
    if (slot?.job === job) slot.job = undefined
    job.resolve(result)
    pump()
  }

  const fail = (
    job: Job,
    status: 'error' | 'timeout' | 'trap',
    message: string,
  ): InstanceResult => {
    if (!job.started) return failedResult(job.spec.name, { status, message })
    const elapsed = now() - job.started
    // Timers may fire a fraction of a millisecond before performance.now() agrees.
    const wallMs = status === 'timeout' ? Math.max(elapsed, job.spec.limits.timeoutMs) : elapsed
    return failedResult(job.spec.name, { status, message, accounting: { wallMs } })
  }

  const spawnSlot = (index: number): Slot => {
    const slot: Slot = {
      ep: spawnOrReport(spawn),
      off: () => {},
      ready: false,
      dead: false,
      hashes: new CodeLru(),
    }
    slot.off = slot.ep.on(
      (msg) => onMessage(slot, msg),
      (reason) => onExit(index, slot, reason),
    )
    return slot
  }

  /** Kills a slot's worker and puts a fresh one in its place. */
  const replace = (index: number, slot: Slot): void => {
    if (slot.dead) return
    slot.dead = true
    slot.off()
    slot.ep.terminate()
    if (closed) return
    if (!slot.ready) bootFailures++
    if (bootFailures >= MAX_BOOT_FAILURES) {
      for (const job of queue.splice(0))
        finish(undefined, job, fail(job, 'error', 'workers fail to start'))
    }
    const delay = slot.ready ? 0 : Math.min(2000, 50 * 2 ** bootFailures)
    const respawn = (): void => {
      if (!closed && slots[index] === slot) slots[index] = spawnSlot(index)
    }
    if (delay) setTimeout(respawn, delay)
    else respawn()
  }

  const onExit = (index: number, slot: Slot, reason: string): void => {
    const job = slot.job
    replace(index, slot)
    if (job) finish(slot, job, fail(job, 'trap', `worker died: ${reason}`))
  }

  const kill = (slot: Slot, job: Job, result: InstanceResult): void => {
    replace(slots.indexOf(slot), slot)
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
    if (msg.type === 'started') startTimer(slot, job)
    else if (msg.type === 'result') finish(slot, job, msg.result)
    else if (msg.type === 'failed') {
      if (msg.error.code === 'NOT_FOUND' && slot.hashes.has(job.spec.program.hash)) {
        slot.hashes.delete(job.spec.program.hash)
        if (job.timer) clearTimeout(job.timer)
        dispatch(slot, job)
      } else finish(slot, job, fail(job, 'error', msg.error.message))
    }
  }

  /** (Re)starts the wall-clock limit: at dispatch, and again when the guest really starts. */
  const startTimer = (slot: Slot, job: Job): void => {
    if (job.timer) clearTimeout(job.timer)
    const ms = job.spec.limits.timeoutMs
    const expire = (): void => kill(slot, job, fail(job, 'timeout', `wall-clock limit of ${ms} ms`))
    job.timer = setTimeout(expire, ms)
  }

  const dispatch = (slot: Slot, job: Job): void => {
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
    startTimer(slot, job)
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
      dispatch(slot, queue.shift()!)
    }
  }

  for (let i = 0; i < size; i++) slots.push(spawnSlot(i))

  return {
    get size() {
      return slots.length
    },
    streams: true,
    grow(free) {
      const busy = slots.filter((s) => s.job !== undefined).length + queue.length
      const target = Math.min(size + MAX_GANG, busy + free)
      while (!closed && slots.length < target) slots.push(spawnSlot(slots.length))
    },
    run(spec, opts = {}) {
      return new Promise<InstanceResult>((resolve) => {
        const job: Job = { id: nextId++, spec, opts, resolve, started: 0 }
        if (closed) return resolve(fail(job, 'error', 'pool closed'))
        if (opts.signal?.aborted) return resolve(fail(job, 'error', 'cancelled'))
        job.onAbort = () => {
          const at = queue.indexOf(job)
          if (at >= 0) {
            queue.splice(at, 1)
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
      for (const job of queue.splice(0)) finish(undefined, job, fail(job, 'error', 'pool closed'))
      for (const slot of slots) {
        const job = slot.job
        replace(slots.indexOf(slot), slot)
        if (job) finish(slot, job, fail(job, 'error', 'pool closed'))
      }
    },
  }
}
