export {
  ERROR_CODES,
  ZeroLabError,
  isErrorCode,
  toZeroLabError,
  type ErrorCode,
  type LimitDetail,
  type WireError,
} from './errors.ts'
export { compileGlob, countStars, fillGlob, type Glob } from './glob.ts'
export { JOB_CAPS, checkJobCaps, overCap, utf8Length, type JobCaps } from './limits.ts'
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
export {
  jobObjectSchema,
  groupInputSchema,
  deviceInputSchema,
  execInputSchema,
  type DeviceInput,
  type ExecInput,
  type GroupInput,
  type GroupLimits,
  type JobInput,
  type JobObjectInput,
} from './jobSchema.ts'
