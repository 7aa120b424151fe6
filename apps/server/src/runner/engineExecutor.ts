import { toZeroLabError, type Job, type JobCaps } from '@zerolab/shared'
import { createNodePool } from '@zerolab/runtime/node'
import { runJob, type Executor, type JobEvent, type JobReport } from '@zerolab/runtime'
import type { AppDeps } from '../appDeps.ts'
import type { ExecResult } from '../exec/execResponse.ts'
import type { ExecuteContext, ExecuteOutcome } from '../jobs/jobService.ts'
import type { ServerMetrics } from '../metrics/serverMetrics.ts'
import { DEFAULT_JOB_CAPS, clampLimits, type ServerJobCaps } from './clampLimits.ts'
import { HybridSpool } from './hybridSpool.ts'
import { PrincipalStore } from './principalStore.ts'

export type EngineReport = ExecResult

/** The sandbox pool jobs share: `createNodePool` of the runtime (worker_threads). */
export type InstancePool = Executor & { close(): void | Promise<void> }
export type PoolFactory = (size: number) => Promise<InstancePool>

const nodePoolFactory: PoolFactory = async (size) => createNodePool({ size })

export interface EngineExecutor {
  execute(job: Job, ctx: ExecuteContext): Promise<ExecuteOutcome<EngineReport>>
  /** Creates the pool now so the first job does not wait for workers to boot. */
  warm(): Promise<void>
  close(): Promise<void>
}

/** Bytes of captured stdout/stderr kept per instance in a report. */
const CAPTURE_BYTES = 16 * 1024

/** Captured text kept over all instances of one persisted report. */
const SUMMARY_TEXT_BUDGET = 1024 * 1024

/**
 * Persisted form of a report: as the engine made it, but with captured stdout/stderr cut
 * once the whole report holds SUMMARY_TEXT_BUDGET of text, so a job of thousands of
 * instances cannot bloat its row.
 */
export function reportSummary(report: JobReport): JobReport {
  let budget = SUMMARY_TEXT_BUDGET
  const keep = (text: string): { text: string; cut: boolean } => {
    if (text.length <= budget) {
      budget -= text.length
      return { text, cut: false }
    }
    const part = text.slice(0, Math.max(0, budget))
    budget = 0
    return { text: part, cut: true }
  }
  return {
    ...report,
    instances: report.instances.map((i) => {
      const out = keep(i.stdout)
      const err = keep(i.stderr)
      if (!out.cut && !err.cut) return i
      return {
        ...i,
        stdout: out.text,
        stderr: err.text,
        truncated: {
          stdout: out.cut || i.truncated?.stdout === true,
          stderr: err.cut || i.truncated?.stderr === true,
        },
      }
    }),
  }
}

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
export function createEngineExecutor(
  deps: AppDeps,
  o: {
    poolSize: number
    metrics: ServerMetrics
    pool?: PoolFactory
    caps?: ServerJobCaps
    jobCaps?: JobCaps
  },
): EngineExecutor {
  let pool: Promise<InstancePool> | undefined
  const getPool = (): Promise<InstancePool> => (pool ??= (o.pool ?? nodePoolFactory)(o.poolSize))
  return {
    async execute(job, ctx) {
      const onEvent = (e: JobEvent): void => ctx.emit(e.type, e)
      try {
        const { report, body } = await runJob(clampLimits(job, o.caps ?? DEFAULT_JOB_CAPS), {
          store: new PrincipalStore(deps.store, ctx.principal),
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
    async close() {
      const p = pool
      pool = undefined
      if (p) await (await p).close()
    },
  }
}
