import { createPool, type Endpoint } from '@zerolab/runtime'
import { fromWebWorker } from '@zerolab/runtime/web'

/** Workers in the pool: leave a core for the page, keep at least two. */
export function defaultPoolSize(): number {
  const cores = typeof navigator === 'undefined' ? 2 : navigator.hardwareConcurrency || 2
  return Math.min(4, Math.max(2, cores - 1))
}

/**
 * The app's half of the host seam: the bundler-visible `new Worker(new URL(...))` lives here,
 * never in the library. A runaway instance is stopped by the pool terminating its worker.
 */
export function spawnWebWorker(): Endpoint {
  return fromWebWorker(
    new Worker(new URL('./runtime.worker.ts', import.meta.url), {
      type: 'module',
      name: 'zerolab-sandbox',
    }),
  )
}

export function createWebRuntime(size = defaultPoolSize()) {
  return { pool: createPool({ spawn: spawnWebWorker, size }), size }
}
