// Job engine, object stores and spools (job-engine owner; other owners append their exports).
export * from './engine/index.ts'
// js image: the guest API's TypeScript declarations for editors (js-image owner)
export { SANDBOX_API_DTS } from './sandbox/js/sandboxApiTypes.ts'
// md5 for stores outside the package (the web app's IndexedDB store; run-side owner)
export { md5Hex } from './sandbox/common/md5.ts'
// Sandbox host: worker pool and the platform seam (runtime-core owner)
export { createPool, type PoolOptions, type RunOptions, type WorkerPool } from './host/pool.ts'
export type { Endpoint, Spawn, WorkerEndpoint } from './host/endpoint.ts'
export { failedResult, type Failure } from './sandbox/common/failedResult.ts'
