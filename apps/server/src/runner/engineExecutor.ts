import { toZeroLabError, type Job } from '@zerolab/shared'
import {
  MemorySpool,
  runJob,
  type Executor,
  type JobEvent,
  type JobReport,
  type Spool,
} from '@zerolab/runtime'
import type { AppDeps } from '../appDeps.ts'
import type { ExecResult } from '../exec/execResponse.ts'
import type { ExecuteContext, ExecuteOutcome } from '../jobs/jobService.ts'
import type { ServerMetrics } from '../metrics/serverMetrics.ts'
import { PrincipalStore } from './principalStore.ts'

export type EngineReport = ExecResult

/** The sandbox pool jobs share: `createNodePool` of the runtime (worker_threads). */
export type InstancePool = Executor & { close(): Promise<void> }
export type PoolFactory = (size: number) => Promise<InstancePool>

// Resolved at run time so the server still loads where the runtime's Node entry is absent.
const NODE_ENTRY = '@zerolab/runtime/node'

interface NodeEntry {
  createNodePool(o: { size: number }): InstancePool
  FileSpool: new () => Spool
}

export const nodePoolFactory: PoolFactory = async (size) => {
  const mod = (await import(NODE_ENTRY)) as NodeEntry
  return mod.createNodePool({ size })
}

async function newSpool(): Promise<Spool> {
  try {
    const mod = (await import(NODE_ENTRY)) as NodeEntry
    return new mod.FileSpool()
  } catch {
    return new MemorySpool()
  }
}

export interface EngineExecutor {
  execute(job: Job, ctx: ExecuteContext): Promise<ExecuteOutcome<EngineReport>>
  close(): Promise<void>
}

/** Bytes of captured stdout/stderr kept per instance in persisted reports. */
const CAPTURE_BYTES = 16 * 1024

/** Persisted form of a report: everything but the response body. */
export function reportSummary(report: JobReport): unknown {
  return report
}

function count(metrics: ServerMetrics, report: JobReport): void {
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
  o: { poolSize: number; metrics: ServerMetrics; pool?: PoolFactory },
): EngineExecutor {
  let pool: Promise<InstancePool> | undefined
  const getPool = (): Promise<InstancePool> => (pool ??= (o.pool ?? nodePoolFactory)(o.poolSize))
  return {
    async execute(job, ctx) {
      const onEvent = (e: JobEvent): void => ctx.emit(e.type, e)
      try {
        const { report, body } = await runJob(job, {
          store: new PrincipalStore(deps.store, ctx.principal),
          executor: await getPool(),
          account: ctx.principal.account,
          concurrency: o.poolSize,
          spool: await newSpool(),
          signal: ctx.signal,
          onEvent,
          captureBytes: CAPTURE_BYTES,
          ...(ctx.stdin ? { stdin: ctx.stdin } : {}),
        })
        count(o.metrics, report)
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
    async close() {
      const p = pool
      pool = undefined
      if (p) await (await p).close()
    },
  }
}
