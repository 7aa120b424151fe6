import type { InstanceResult, InstanceSpec } from '@zerolab/shared'

/** Per-worker state an image may keep between instances (compiled modules by content hash). */
export interface ImageContext {
  cache: Map<string, unknown>
  /** CPU time of this thread in ms, where the platform can measure it. */
  cpuNow?: () => number
  /**
   * Called by an image once its program is compiled and the guest is about to run; the pool
   * then restarts the wall-clock limit so a cold compile does not eat the guest's time.
   */
  onStart?: () => void
  /**
   * Set by the worker for runs it wants ended in place at the wall-clock limit instead of by a
   * worker kill (where the platform can interrupt running Wasm: Node's vm timeout). Runs
   * `fn`, throwing GuardTimeout once `timeoutMs` have passed.
   */
  guard?: (fn: () => void, timeoutMs: number) => void
  /**
   * Large read-only files an image needs besides its program, by name (`python/manifest.json`,
   * `python/<key>/python.wasm`, `python/<key>/stdlib.tar`): from the build cache on Node, from
   * the server (and the browser's cache) on the web. Undefined when the file is not there.
   */
  asset?: (name: string) => Promise<Uint8Array | undefined>
}

/** Thrown by ImageContext.guard when the guest ran past its limit and was interrupted. */
export class GuardTimeout extends Error {
  constructor(readonly timeoutMs: number) {
    super(`timeout after ${timeoutMs} ms`)
  }
}

export type RunImage = (spec: InstanceSpec, ctx: ImageContext) => Promise<InstanceResult>
