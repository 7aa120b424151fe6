import type { InstanceResult, InstanceSpec } from '@zerolab/shared'

/** Runs one instance; the worker pool implements it (createNodePool / the web pool). */
export interface Executor {
  run(spec: InstanceSpec, opts?: { signal?: AbortSignal }): Promise<InstanceResult>
}
