import type { ImageKind } from '@zerolab/shared'
import { Worker, type ResourceLimits } from 'node:worker_threads'
import { availableParallelism } from 'node:os'
import { createPool, type WorkerPool } from '../host/pool.ts'
import { fromNodeWorker } from './nodeEndpoint.ts'
import { workerScript } from './workerScript.ts'

export interface NodePoolOptions {
  /** Warm workers; defaults to the number of CPUs. */
  size?: number
  /** Booted spare workers that replace a killed one at once (default 1). */
  spares?: number
  /** Images each worker loads before it is ready (e.g. `['js']` for a server). */
  warm?: ImageKind[]
  /**
   * V8 heap limits of each worker, a backstop under the images' own limits (guest Wasm
   * memory is capped by them; this bounds host-side objects). A worker past them dies and the
   * instance ends `memory`. Default DEFAULT_WORKER_LIMITS.
   */
  resourceLimits?: ResourceLimits
}

export const DEFAULT_WORKER_LIMITS: ResourceLimits = {
  maxOldGenerationSizeMb: 1024,
  maxYoungGenerationSizeMb: 64,
}

/** A pool of `worker_threads` sandbox workers. */
export function createNodePool(opts: NodePoolOptions = {}): WorkerPool {
  const size = opts.size ?? availableParallelism()
  return createPool({
    size,
    ...(opts.spares !== undefined ? { spares: opts.spares } : {}),
    spawn: () =>
      fromNodeWorker(
        new Worker(workerScript(), {
          resourceLimits: opts.resourceLimits ?? DEFAULT_WORKER_LIMITS,
          workerData: { warm: opts.warm ?? [] },
          stdout: false,
          stderr: false,
        }),
      ),
  })
}
