import type { InstanceResult, InstanceSpec } from '@zerolab/shared'

/** Runs one instance; the worker pool implements it (createNodePool / the web pool). */
export interface Executor {
  /** `owner` (the job's account) lets a shared pool serve accounts fairly. */
  run(spec: InstanceSpec, opts?: { signal?: AbortSignal; owner?: string }): Promise<InstanceResult>
  /**
   * Instances run on other threads, so their channels can stream through shared memory (the
   * guest blocks in its worker while this thread pumps). An executor that runs the guest on
   * the engine's own thread leaves it unset and gets whole inputs and outputs instead.
   */
  readonly streams?: boolean
  /** Makes room for `slots` instances at once (a gang that must run together). */
  grow?(slots: number): void
}
