export { buildSpec, groupLimits } from './buildSpec.ts'
export type { Executor } from './executor.ts'
export { expandJob, type ExpandOptions } from './expand.ts'
export { jobEventStream } from './jobEvents.ts'
export type { ObjectRef, Plan, PlannedDevice, PlannedInstance, ZvmSource } from './plan.ts'
export { loadProgram, wasmKind } from './program.ts'
export type { InstanceReport, JobEvent, JobReport, JobTotals, OutputReport } from './report.ts'
export { runJob, runPlan, type JobRunResult, type RunJobOptions } from './runJob.ts'
export { MemorySpool, type Spool } from './spool.ts'
export { MemoryStore } from '../store/memoryStore.ts'
export {
  DEFAULT_CONTENT_TYPE,
  clampRange,
  type ByteRange,
  type ObjectInfo,
  type ObjectStore,
  type PutOptions,
} from '../store/objectStore.ts'
