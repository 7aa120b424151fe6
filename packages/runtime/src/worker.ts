import {
  DEFAULT_LIMITS,
  type ImageKind,
  type InstanceResult,
  type InstanceSpec,
  type ToWorker,
} from '@zerolab/shared'
import { CodeLru } from './host/codeLru.ts'
import type { WorkerEndpoint } from './host/endpoint.ts'
import type { ImageContext } from './sandbox/image.ts'
import { runInstance } from './sandbox/runInstance.ts'

export { runInstance } from './sandbox/runInstance.ts'
export type { ImageContext } from './sandbox/image.ts'

export interface ServeOptions {
  /** CPU time of this thread in ms, where the platform can measure it. */
  cpuNow?: () => number
  /**
   * Images to load before saying `ready` (a trivial instance of each), so the first real
   * instance on this worker, a spare that just replaced a killed one included, starts warm.
   */
  warm?: ImageKind[]
  /**
   * Interrupts a running guest at a time limit without killing the worker (Node: a vm
   * timeout). Used for the first run of each program here and until a run of it ends by itself
   * well within its limit; trusted programs skip its cost (a watchdog thread per call).
   */
  guard?: (fn: () => void, timeoutMs: number) => void
  /** Large read-only files images load (ImageContext.asset): the python build. */
  asset?: (name: string) => Promise<Uint8Array | undefined>
}

const textImage = (image: ImageKind): boolean => image === 'js' || image === 'python'

/** A do-nothing instance of `image`, run once to load it. */
function warmSpec(image: ImageKind): InstanceSpec {
  return {
    name: 'warm',
    program: { image, code: textImage(image) ? '' : new Uint8Array(0), hash: `warm:${image}` },
    args: [],
    env: {},
    channels: [],
    limits: { ...DEFAULT_LIMITS, timeoutMs: 60_000 },
    seed: 'warm',
    epochMs: 0,
  }
}

/** Output buffers go back to the host without copying; the worker never touches them again. */
function transferables(r: InstanceResult): ArrayBuffer[] {
  const seen = new Set<ArrayBuffer>()
  for (const out of Object.values(r.outputs)) {
    const buf = out.buffer
    if (buf instanceof ArrayBuffer && buf.byteLength >= 4096) seen.add(buf)
  }
  return [...seen]
}

/**
 * The worker's message loop: runs one instance per `run` message, in order, with a
 * per-worker ImageContext (compiled modules cached by content hash). A `run` whose program
 * bytes were omitted refers to a program sent before; if it was evicted the worker answers
 * `failed` NOT_FOUND with the hash and the host resends the bytes.
 */
export function serve(endpoint: WorkerEndpoint, opts: ServeOptions = {}): () => void {
  const ctx: ImageContext = { cache: new Map() }
  if (opts.cpuNow) ctx.cpuNow = opts.cpuNow
  if (opts.asset) ctx.asset = opts.asset
  const codes = new CodeLru<Uint8Array | string>()
  /** Programs whose last run here ended by itself well within its limit: run unguarded. */
  const trusted = new CodeLru<true>()
  let chain: Promise<void> = Promise.resolve()

  const run = async (msg: Extract<ToWorker, { type: 'run' }>): Promise<void> => {
    const { spec, id } = msg
    const { hash, code } = spec.program
    if (msg.codeOmitted) {
      const known = codes.touch(hash)
      if (known === undefined) {
        const error = { code: 'NOT_FOUND' as const, message: 'program not cached', path: hash }
        endpoint.post({ v: 1, type: 'failed', id, error })
        return
      }
      spec.program.code = known
    } else codes.add(hash, code, code.length)
    const received = performance.now()
    // The host allows a program it sends for the first time extra time to compile, until this
    // message; a cached program that starts within a millisecond is not worth one.
    const first = msg.codeOmitted !== true
    const guarded = opts.guard !== undefined && (first || !trusted.has(hash))
    if (guarded) ctx.guard = opts.guard
    ctx.onStart = () => {
      if (guarded) endpoint.post({ v: 1, type: 'started', id, selfTimed: true })
      else if (first || performance.now() - received > 1)
        endpoint.post({ v: 1, type: 'started', id })
    }
    const result = await runInstance(spec, ctx)
    ctx.onStart = undefined
    ctx.guard = undefined
    // Trusted (run unguarded next time): a program that ended by itself well within its limit.
    const quick = result.accounting.wallMs < spec.limits.timeoutMs / 2
    if ((result.status === 'ok' || result.status === 'error') && quick) trusted.add(hash, true, 1)
    else trusted.delete(hash)
    endpoint.post({ v: 1, type: 'result', id, result }, transferables(result))
  }

  const off = endpoint.on((msg) => {
    if (msg.type === 'ping') endpoint.post({ v: 1, type: 'pong', id: msg.id })
    else if (msg.type === 'run') chain = chain.then(() => run(msg))
  })
  if (opts.warm?.length) {
    chain = (async () => {
      for (const image of opts.warm!) await runInstance(warmSpec(image), ctx)
      endpoint.post({ v: 1, type: 'ready' })
    })()
  } else endpoint.post({ v: 1, type: 'ready' })
  return off
}
