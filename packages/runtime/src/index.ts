// Job engine: run a job against an executor, object stores and spools. (The report and event
// types live in @zerolab/shared, the contract the server sends; they are re-exported here.)
export type { Executor } from './engine/executor.ts'
export {
  compileProgram,
  type CompileSource,
  type ProgramFailure,
} from './engine/compiledProgram.ts'
export type {
  ClusterTotals,
  CompileReport,
  InstanceReport,
  Placement,
  JobEvent,
  JobReport,
  JobTotals,
  OutputReport,
  ProgramReport,
} from '@zerolab/shared'
export {
  collectBody,
  finishReport,
  notRun,
  runJob,
  runPlannedInstance,
  type InstanceRunContext,
  type JobRunResult,
  type RunJobOptions,
} from './engine/runJob.ts'
// Pieces of the engine a distributed scheduler reuses (cluster mode).
export { expandJob } from './engine/expand.ts'
export { loadProgram } from './engine/program.ts'
export { pipeKey, routeKey } from './engine/buildSpec.ts'
export type { ObjectRef, Plan, PlannedDevice, PlannedInstance, ZvmSource } from './engine/plan.ts'
export { ChunkList, MemorySpool, type Spool } from './engine/spool.ts'
export { MemoryStore } from './store/memoryStore.ts'
export {
  clampRange,
  DEFAULT_CONTENT_TYPE,
  pageOf,
  type ByteRange,
  type ListOptions,
  type ObjectInfo,
  type ObjectReader,
  type ObjectStore,
  type ObjectWriter,
  type PutOptions,
} from './store/objectStore.ts'
export {
  EtagTracker,
  bytesReader,
  getObject,
  hashReader,
  putObject,
  readRange,
  splitObjectPath,
} from './store/objectIo.ts'
// The sandbox images (what each runs, how a job's program is recognised as its)
export { IMAGE_REGISTRY, imageOfName } from './sandbox/images.ts'
export type { ImageDescriptor } from './sandbox/imageDescriptor.ts'
// js image: the guest API's TypeScript declarations for editors
export { SANDBOX_API_DTS } from './sandbox/js/sandboxApiTypes.ts'
export { PYTHON_HELPERS } from './sandbox/python/zerolabModule.ts'
// md5 for stores outside the package (the web app's IndexedDB store)
export { Md5, md5Hex } from './sandbox/common/md5.ts'
// Sandbox host: worker pool and the platform seam
export {
  createPool,
  type PoolOptions,
  type PoolStats,
  type RunOptions,
  type WorkerPool,
} from './host/pool.ts'
export type { Endpoint, Spawn, WorkerEndpoint } from './host/endpoint.ts'
// Caps the memories a core module defines (the image's guards; the C compiler's worker too)
export { capMemory } from './sandbox/wasm/wasmBinary.ts'
