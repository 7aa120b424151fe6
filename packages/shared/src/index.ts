export {
  ERROR_CODES,
  ZeroLabError,
  isErrorCode,
  toZeroLabError,
  type ErrorCode,
  type WireError,
} from './errors.ts'
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
