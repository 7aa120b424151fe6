import type { InstanceResult, InstanceSpec } from '@zerolab/shared'

/** Runs one instance; the worker pool implements it (createNodePool / the web pool). */
export interface Executor {
  /** `owner` (the job's account) lets a shared pool serve accounts fairly. */
  run(spec: InstanceSpec, opts?: { signal?: AbortSignal; owner?: string }): Promise<InstanceResult>
}
