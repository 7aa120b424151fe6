import type { InstanceResult, InstanceSpec } from '@zerolab/shared'

/** Per-worker state an image may keep between instances (compiled modules by content hash). */
export interface ImageContext {
  cache: Map<string, unknown>
  /** CPU time of this thread in ms, where the platform can measure it. */
  cpuNow?: () => number
}

export type RunImage = (spec: InstanceSpec, ctx: ImageContext) => Promise<InstanceResult>
