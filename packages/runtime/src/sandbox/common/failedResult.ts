import {
  emptyAccounting,
  type Accounting,
  type InstanceResult,
  type InstanceStatus,
  type Validation,
} from '@zerolab/shared'

export interface Failure {
  status: InstanceStatus
  message: string
  /** Defaults: 1 for `invalid`, 0 otherwise. */
  validation?: Validation
  /** Defaults: 0 for `invalid` (never ran), -1 otherwise (the guest did not exit by itself). */
  exitCode?: number
  accounting?: Partial<Accounting>
}

/** An InstanceResult for a run that produced nothing: rejected, killed or cancelled. */
export function failedResult(name: string, f: Failure): InstanceResult {
  return {
    name,
    status: f.status,
    exitCode: f.exitCode ?? (f.status === 'invalid' ? 0 : -1),
    validation: f.validation ?? (f.status === 'invalid' ? 1 : 0),
    message: f.message,
    outputs: {},
    etags: {},
    accounting: { ...emptyAccounting(), ...f.accounting },
  }
}
