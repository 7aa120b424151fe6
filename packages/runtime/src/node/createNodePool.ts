import { Worker, type ResourceLimits } from 'node:worker_threads'
import { availableParallelism } from 'node:os'
import { createPool, type WorkerPool } from '../host/pool.ts'
import { fromNodeWorker } from './nodeEndpoint.ts'

export interface NodePoolOptions {
  /** Warm workers; defaults to the number of CPUs. */
  size?: number
  /** V8 heap limits of each worker (guest Wasm memory is capped by the images instead). */
  resourceLimits?: ResourceLimits
}

const BOOTSTRAP = new URL('./worker.mjs', import.meta.url)

/** A pool of `worker_threads` sandbox workers. */
export function createNodePool(opts: NodePoolOptions = {}): WorkerPool {
  const size = opts.size ?? availableParallelism()
  return createPool({
    size,
    spawn: () =>
      fromNodeWorker(
        new Worker(BOOTSTRAP, {
          ...(opts.resourceLimits ? { resourceLimits: opts.resourceLimits } : {}),
          stdout: false,
          stderr: false,
        }),
      ),
  })
}
