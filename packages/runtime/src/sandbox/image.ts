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
}

export type RunImage = (spec: InstanceSpec, ctx: ImageContext) => Promise<InstanceResult>
