export {
  COMPILED_LANGS,
  MAX_COMPILED_MODULE_BYTES,
  isCompiledLang,
  type CompileReport,
  type CompileRequest,
  type CompileResult,
  type CompiledLang,
  type Diagnostic,
} from './compile.ts'
export {
  ENGINE_EVENT_TYPES,
  FINAL_JOB_STATUSES,
  JOB_STATUSES,
  errorFromResponse,
  type HealthView,
  type JobOrigin,
  type JobPage,
  type JobStatus,
  type JobView,
  type PoolStats,
  type ResponseLike,
  type ShareLink,
  type SubmittedJobView,
} from './api.ts'
export {
  ERROR_CODES,
  ZeroLabError,
  isErrorCode,
  statusToCode,
  toZeroLabError,
  type ErrorCode,
  type LimitDetail,
  type WireError,
} from './errors.ts'
export { compileGlob, countStars, fillGlob, type Glob } from './glob.ts'
export {
  JOB_CAPS,
  RUNTIME_CAPS,
  checkJobCaps,
  overCap,
  utf8Length,
  type JobCaps,
} from './limits.ts'
export {
  DEFAULT_CHANNEL_LIMITS,
  DEFAULT_EPOCH_MS,
  DEFAULT_LIMITS,
  IMAGES,
  STATUSES,
  cdrLine,
  emptyAccounting,
  type Accounting,
  type ChannelLimits,
  type ChannelSpec,
  type ImageKind,
  type InstanceLimits,
  type InstanceResult,
  type InstanceSpec,
  type InstanceStatus,
  type ProgramRef,
  type Validation,
} from './instance.ts'
export type { FromWorker, ToWorker } from './protocol.ts'
export type {
  ClusterTotals,
  InputReport,
  InstanceReport,
  JobEvent,
  JobReport,
  JobTotals,
  OutputReport,
  PipeReport,
  Placement,
  ProgramReport,
} from './report.ts'
export { instanceFinished } from './report.ts'
export { createSseParser, type SseMessage } from './sse.ts'
export {
  DEFAULT_SEED,
  KNOWN_DEVICES,
  READABLE_DEVICES,
  SYSIMAGE_DEVICES,
  WRITABLE_DEVICES,
  deviceKind,
  parseJob,
  type DeviceKind,
  type Job,
  type JobDevice,
  type JobExec,
  type JobGroup,
} from './job.ts'
export { groupOrder } from './jobGraph.ts'
export { isOwnAccount, parseJobPath, swiftUrl, type JobPath } from './jobPath.ts'
export type {
  DeviceInput,
  ExecInput,
  GroupInput,
  GroupLimits,
  JobInput,
  JobObjectInput,
} from './jobSchema.ts'
export type {
  WorkshopInvite,
  WorkshopJoined,
  WorkshopRequest,
  WorkshopStudentsView,
  WorkshopView,
} from './workshops.ts'
