import type { Accounting, ImageKind, InstanceStatus, Validation } from '@zerolab/shared'
import type { CompileReport } from './compiledProgram.ts'

export interface OutputReport {
  device: string
  /** `swift://account/container/object`. */
  path: string
  bytes: number
  etag: string
  committed: boolean
  /** Why an output was not committed (min_size). */
  reason?: string
}

export interface InstanceReport {
  id: number
  name: string
  group: string
  status: InstanceStatus
  exitCode: number
  validation: Validation
  message?: string
  accounting: Accounting
  /** ZeroVM's CDR text (`cdrLine`). */
  cdr: string
  /** MD5 of every written channel, by guest path (ZeroCloud's X-Nexe-Etag pairs). */
  etags: Record<string, string>
  outputs: OutputReport[]
  /** Captured stdout / stderr as UTF-8, at most `captureBytes` each. */
  stdout: string
  stderr: string
  truncated?: { stdout?: boolean; stderr?: boolean }
  /** The path-less device (`/dev/stdout` …) whose non-empty output this instance put in the body. */
  bodyDevice?: string
  bytesIn: number
  bytesOut: number
  wallMs: number
}

export interface JobTotals {
  instances: number
  byStatus: Partial<Record<InstanceStatus, number>>
  /** Instances that never ran (upstream failed, cancelled). */
  notRun: number
  bytesIn: number
  bytesOut: number
  committed: number
  wallMs: number
}

/** The program one group ran: its image and module hash, and how it compiled (C/C++). */
export interface ProgramReport {
  group: string
  image: ImageKind
  /** MD5 of the module (or of the JS source); absent when the source did not compile. */
  hash?: string
  compile?: CompileReport
}

export interface JobReport {
  status: 'ok' | 'failed' | 'cancelled'
  seed: string
  epochMs: number
  instances: InstanceReport[]
  totals: JobTotals
  warnings: string[]
  /** One per group, in job order. */
  programs?: ProgramReport[]
  /** True when the path-less stdout body was cut at maxBodyBytes. */
  bodyTruncated?: boolean
}

export type JobEvent =
  | { type: 'job-started'; instances: number; groups: { name: string; instances: number }[] }
  | { type: 'instance-queued'; id: number; name: string; group: string }
  | { type: 'instance-started'; id: number; name: string }
  | {
      type: 'instance-finished'
      id: number
      name: string
      status: InstanceStatus
      exitCode: number
      bytesIn: number
      bytesOut: number
      wallMs: number
      ran: boolean
      message?: string
    }
  | { type: 'job-finished'; status: JobReport['status']; totals: JobTotals }
