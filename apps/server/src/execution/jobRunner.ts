import { toZeroLabError, type Job, type JobCaps } from '@zerolab/shared'
import { createNodePool } from '@zerolab/runtime/node'
import {
  runJob,
  type JobEvent,
  type JobReport,
  type ObjectStore,
  type PoolStats,
  type WorkerPool,
} from '@zerolab/runtime'
import type { Principal } from '../auth/principal.ts'
import type { ExecResult } from '../exec/execResponse.ts'
import type { ExecuteContext, ExecuteOutcome } from './executeJob.ts'
import type { ServerMetrics } from '../metrics/serverMetrics.ts'
import { DEFAULT_JOB_CAPS, clampLimits, type ServerJobCaps } from './clampLimits.ts'
import { HybridSpool } from './hybridSpool.ts'
import { reportSummary } from './reportSummary.ts'

/** What a finished job hands back: the job, the engine's report and the response body. */
export type RunnerReport = ExecResult

/**
 * The object store a job's engine reads and writes as `who`, with that principal's rights.
 * The embedded store's is `PrincipalStore` over the ObjectService (see openDeps); a
 * Swift-client store slots in here for cluster mode.
 */
export type JobStoreFactory = (who: Principal) => ObjectStore

/** Builds the sandbox pool jobs share; default: `createNodePool` of the runtime (worker_threads). */
export type PoolFactory = (size: number) => Promise<WorkerPool>

/** Booted spare workers beside the pool (a killed worker is replaced at once). */
const SPARES = Number(process.env.ZEROLAB_SPARE_WORKERS ?? 1)

const nodePoolFactory: PoolFactory = async (size) =>
  createNodePool({
    size,
    spares: Number.isInteger(SPARES) && SPARES >= 0 ? SPARES : 1,
    // Playground jobs are mostly js: every worker, spares included, starts with QuickJS loaded.
    warm: ['js'],
  })

/** Runs whole jobs (the runtime's `Executor` runs one instance; this schedules a job's many). */
export interface JobRunner {
  run(job: Job, ctx: ExecuteContext): Promise<ExecuteOutcome<RunnerReport>>
  /** Creates the pool now so the first job does not wait for workers to boot. */
  warm(): Promise<void>
  /** The local pool's workers and queue, once it exists (absent: no local pool). */
  stats?(): PoolStats | undefined
  close(): Promise<void>
}

/** Bytes of captured stdout/stderr kept per instance in a report. */
const CAPTURE_BYTES = 16 * 1024

/** Adds a finished job's instances and bytes to the server's metrics. */
export function countReport(metrics: ServerMetrics, report: JobReport): void {
  for (const i of report.instances) {
    metrics.instances({ status: i.validation === 2 ? 'not_run' : i.status })
    const a = i.accounting
    metrics.bytes({ direction: 'read', kind: 'local' }, a.readBytes)
    metrics.bytes({ direction: 'write', kind: 'local' }, a.writeBytes)
    metrics.bytes({ direction: 'read', kind: 'pipe' }, a.pipeReadBytes)
    metrics.bytes({ direction: 'write', kind: 'pipe' }, a.pipeWriteBytes)
  }
}

/**
 * Runs jobs with the runtime's engine on one worker_threads pool shared by every job, against
 * the server's object store as the calling principal (ACLs apply to every read and write).
 * The pool is created on the first job, so an app that never executes spawns no thread.
 */
export function createJobRunner(o: {
  storeFor: JobStoreFactory
  poolSize: number
  metrics: ServerMetrics
  pool?: PoolFactory
  caps?: ServerJobCaps
  jobCaps?: JobCaps
}): JobRunner {
  let pool: Promise<WorkerPool> | undefined
  let made: WorkerPool | undefined
  const getPool = (): Promise<WorkerPool> =>
    (pool ??= (o.pool ?? nodePoolFactory)(o.poolSize).then((p) => (made = p)))
  return {
    async run(job, ctx) {
      const onEvent = (e: JobEvent): void => ctx.emit(e.type, e)
      try {
        const { report, body } = await runJob(clampLimits(job, o.caps ?? DEFAULT_JOB_CAPS), {
          store: o.storeFor(ctx.principal),
          executor: await getPool(),
          account: ctx.principal.account,
          concurrency: o.poolSize,
          spool: new HybridSpool(),
          signal: ctx.signal,
          onEvent,
          captureBytes: CAPTURE_BYTES,
          ...(o.jobCaps ? { caps: o.jobCaps } : {}),
          ...(ctx.stdin ? { stdin: ctx.stdin } : {}),
        })
        countReport(o.metrics, report)
        o.metrics.jobsFinished({ status: report.status })
        if (report.status === 'cancelled') ctx.signal.throwIfAborted()
        return {
          status: report.status === 'ok' ? 'ok' : 'failed',
          report: { job, report, body },
          summary: reportSummary(report),
          instances: report.instances.length,
        }
      } catch (e) {
        const err = toZeroLabError(e)
        o.metrics.jobsFinished({ status: err.code === 'CANCELLED' ? 'cancelled' : 'failed' })
        throw err
      }
    },
    async warm() {
      await getPool()
    },
    stats: () => made?.stats(),
    async close() {
      const p = pool
      pool = undefined
      made = undefined
      if (p) await (await p).close()
    },
  }
}
