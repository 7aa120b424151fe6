import { ZeroLabError, groupOrder, toZeroLabError, type Job, type JobCaps } from '@zerolab/shared'
import {
  collectBody,
  expandJob,
  finishReport,
  loadProgram,
  type ClusterTotals,
  type InstanceReport,
  type JobEvent,
} from '@zerolab/runtime'
import type { ExecuteContext, ExecuteOutcome } from '../../execution/executeJob.ts'
import type { Logger } from '../../log.ts'
import type { ServerMetrics } from '../../metrics/serverMetrics.ts'
import { DEFAULT_JOB_CAPS, clampLimits, type ServerJobCaps } from '../../execution/clampLimits.ts'
import { HybridSpool } from '../../execution/hybridSpool.ts'
import { countReport, type JobRunner, type RunnerReport } from '../../execution/jobRunner.ts'
import { reportSummary } from '../../execution/reportSummary.ts'
import { SwiftClient } from '../../swiftBackend/swiftClient.ts'
import { SwiftStore } from '../../swiftBackend/swiftStore.ts'
import type { JobDoc } from '../protocol.ts'
import { ClusterRun, noNodes } from './clusterRun.ts'
import type { NodeRegistry } from './nodeRegistry.ts'
import { replicaHosts } from './placement.ts'

export interface ClusterRunnerOptions {
  proxyUrl: string
  registry: NodeRegistry
  metrics: ServerMetrics
  log: Logger
  caps?: ServerJobCaps
  /** Caps on instances, pipes and listings checked at expansion; default JOB_CAPS. */
  jobCaps?: JobCaps
  /** Runs of one instance before it is given up; default 3. */
  maxAttempts?: number
  /** How long a job waits with every node down before failing; default 30 s. */
  noNodeMs?: number
  maxBodyBytes?: number
}

/** The job's sums over its instances' placements. */
export function clusterTotals(reports: InstanceReport[]): ClusterTotals {
  const t: ClusterTotals = {
    nodes: [],
    withInput: 0,
    inputLocal: 0,
    bytesReadLocal: 0,
    bytesReadRemote: 0,
    bytesBetweenNodes: 0,
    retries: 0,
  }
  const nodes = new Set<string>()
  for (const r of reports) {
    const p = r.placement
    if (!p) continue
    nodes.add(p.node)
    if (p.inputLocal !== undefined) {
      t.withInput++
      if (p.inputLocal) t.inputLocal++
    }
    t.bytesReadLocal += p.bytesReadLocal
    t.bytesReadRemote += p.bytesReadRemote
    t.bytesBetweenNodes += p.bytesFromNodes
    t.retries += Math.max(0, p.attempts - 1)
  }
  t.nodes = [...nodes].sort()
  return t
}

/**
 * Runs jobs on the cluster's nodes instead of a local worker pool: the gateway expands the job
 * against Swift (as the caller, with their token), loads each program once, finds where each
 * instance's object lives, and hands the instances to ClusterRun; the report is the engine's,
 * with each instance's placement and the job's cluster totals.
 */
export function createClusterRunner(o: ClusterRunnerOptions): JobRunner {
  return {
    async run(job: Job, ctx: ExecuteContext): Promise<ExecuteOutcome<RunnerReport>> {
      const started = Date.now()
      const token = ctx.principal.swiftToken
      if (!token)
        throw new ZeroLabError(
          'UNAUTHORIZED',
          'a Swift token is required to run on the cluster',
          'X-Auth-Token',
        )
      const emit = (e: JobEvent): void => ctx.emit(e.type, e)
      const spool = new HybridSpool()
      const client = new SwiftClient(o.proxyUrl, token)
      let run: ClusterRun | undefined
      try {
        const clamped = clampLimits(job, o.caps ?? DEFAULT_JOB_CAPS)
        groupOrder(clamped) // pipes are batch: a cycle cannot run
        const store = new SwiftStore(client)
        const plan = await expandJob(clamped, store, {
          account: ctx.principal.account,
          signal: ctx.signal,
          ...(o.jobCaps ? { caps: o.jobCaps } : {}),
        })
        const programs: string[] = []
        for (let gi = 0; gi < clamped.groups.length; gi++)
          programs.push((await loadProgram(clamped.groups[gi]!, gi, store, plan.account)).hash)
        if (o.registry.alive().length === 0) throw noNodes()
        const hosts = await replicaHosts(client, plan.instances)
        emit({
          type: 'job-started',
          instances: plan.instances.length,
          groups: clamped.groups.map((g, gi) => ({
            name: g.name,
            instances: plan.instances.filter((i) => i.groupIndex === gi).length,
          })),
        })
        const doc: JobDoc = {
          job: clamped,
          account: plan.account,
          token,
          programs,
          hasStdin: !!ctx.stdin,
        }
        run = new ClusterRun({
          jobId: ctx.jobId,
          plan,
          doc,
          ...(ctx.stdin ? { stdin: ctx.stdin } : {}),
          hosts,
          registry: o.registry,
          spool,
          emit,
          signal: ctx.signal,
          maxAttempts: o.maxAttempts ?? 3,
          maxBodyBytes: o.maxBodyBytes ?? 64 * 1024 * 1024,
          noNodeMs: o.noNodeMs ?? 30_000,
        })
        const reports = await run.run()
        const report = finishReport(plan, reports, Date.now() - started, ctx.signal.aborted)
        report.totals.cluster = clusterTotals(reports)
        const body = await collectBody(plan, spool, o.maxBodyBytes ?? 64 * 1024 * 1024)
        if (body.cut) report.bodyTruncated = true
        emit({ type: 'job-finished', status: report.status, totals: report.totals })
        countReport(o.metrics, report)
        o.metrics.jobsFinished({ status: report.status })
        if (report.status === 'cancelled') ctx.signal.throwIfAborted()
        return {
          status: report.status === 'ok' ? 'ok' : 'failed',
          report: { job: clamped, report, body: body.data },
          summary: reportSummary(report),
          instances: report.instances.length,
        }
      } catch (e) {
        const err = toZeroLabError(e)
        o.metrics.jobsFinished({ status: err.code === 'CANCELLED' ? 'cancelled' : 'failed' })
        throw err
      } finally {
        await spool.close()
        for (const n of run?.nodesUsed() ?? [])
          n.client
            .dropJob(ctx.jobId)
            .catch((e: unknown) =>
              o.log.warn('could not drop a job on a node', { node: n.name, error: String(e) }),
            )
      }
    },
    async warm() {},
    async close() {
      o.registry.stop()
    },
  }
}
