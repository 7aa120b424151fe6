import type { Job } from '@zerolab/shared'
import type { Principal } from '../auth/principal.ts'

/** What runs a job for the JobService: the contract every JobRunner implements. */
export interface ExecuteContext {
  jobId: string
  principal: Principal
  signal: AbortSignal
  /** Progress for SSE watchers: `instance` events and the like. */
  emit: (type: string, data: unknown) => void
  /** Bytes for a path-less stdin (ZeroCloud: the request body with X-Zerovm-Source). */
  stdin?: Uint8Array
}

export interface ExecuteOutcome<R> {
  /** `ok` when every instance ended ok, `failed` otherwise. */
  status: 'ok' | 'failed'
  report: R
  /** What is persisted (smaller than `report`: no output bytes). */
  summary: unknown
  instances: number
}

/** Runs a parsed job under a principal's rights. Implemented over the runtime's engine. */
export type ExecuteJob<R> = (job: Job, ctx: ExecuteContext) => Promise<ExecuteOutcome<R>>
