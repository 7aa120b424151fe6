import { JOB_CAPS, type JobCaps } from '@zerolab/shared'
import type { AppDeps } from '../appDeps.ts'
import { EventHub } from '../jobs/eventHub.ts'
import { JobService, type ExecuteJob } from '../jobs/jobService.ts'
import { createClusterExecutor } from '../cluster/gateway/clusterExecutor.ts'
import { ServerMetrics } from '../metrics/serverMetrics.ts'
import { SharesRepo, type ShareQuota } from '../shares/sharesRepo.ts'
import { JobQueue, type JobQueueOptions } from './jobQueue.ts'
import { openJobsDb } from './jobsDb.ts'
import { DEFAULT_JOB_CAPS, type ServerJobCaps } from './clampLimits.ts'
import {
  createEngineExecutor,
  type EngineExecutor,
  type EngineReport,
  type PoolFactory,
} from './engineExecutor.ts'

export interface ExecOptions {
  queue: Partial<JobQueueOptions>
  /** worker_threads in the sandbox pool. */
  poolSize: number
  /** Largest job document for ZeroCloud execution (zerovm_maxconfig). */
  maxExecJobBytes: number
  /** Largest job document for POST /api/jobs (playground jobs carry inline sources). */
  maxApiJobBytes: number
  /** Largest request body used as path-less stdin with X-Zerovm-Source. */
  maxStdinBytes: number
  maxShareBytes: number
  /** Share links one account may store. */
  shareQuota: ShareQuota
  /** Ceilings on what jobs may ask for (timeout, memory). */
  caps: ServerJobCaps
  /** Caps on a job's shape: instances, pipes, listings, fields (docs/limits.md). */
  jobCaps: JobCaps
  /** Start the workers at once instead of on the first job (default: yes, except under vitest). */
  warmPool: boolean
  /** Builds the sandbox pool; default: the runtime's worker_threads pool. */
  pool?: PoolFactory
}

export interface ExecServices {
  options: ExecOptions
  queue: JobQueue
  hub: EventHub
  jobs: JobService<EngineReport>
  shares: SharesRepo
  metrics: ServerMetrics
  executor: EngineExecutor
  startedMs: number
  close(): Promise<void>
}

const envInt = (name: string, dflt: number): number => {
  const v = Number(process.env[name])
  return Number.isInteger(v) && v > 0 ? v : dflt
}

function defaultExecOptions(): ExecOptions {
  return {
    queue: {
      maxRunning: envInt('ZEROLAB_MAX_RUNNING_JOBS', 4),
      maxRunningPerAccount: envInt('ZEROLAB_MAX_RUNNING_PER_ACCOUNT', 2),
      maxQueued: envInt('ZEROLAB_MAX_QUEUED_JOBS', 64),
      maxQueuedPerAccount: envInt('ZEROLAB_MAX_QUEUED_PER_ACCOUNT', 16),
    },
    poolSize: envInt('ZEROLAB_WORKERS', 2),
    maxExecJobBytes: 65536,
    maxApiJobBytes: 4 * 1024 * 1024,
    maxStdinBytes: 64 * 1024 * 1024,
    maxShareBytes: 512 * 1024,
    shareQuota: {
      maxShares: envInt('ZEROLAB_SHARES_PER_ACCOUNT', 1000),
      maxBytes: envInt('ZEROLAB_SHARE_BYTES_PER_ACCOUNT', 32 * 1024 * 1024),
    },
    caps: {
      maxTimeoutMs: envInt('ZEROLAB_MAX_TIMEOUT_MS', DEFAULT_JOB_CAPS.maxTimeoutMs),
      maxMemoryMb: envInt('ZEROLAB_MAX_MEMORY_MB', DEFAULT_JOB_CAPS.maxMemoryMb),
    },
    jobCaps: { ...JOB_CAPS },
    warmPool: process.env.ZEROLAB_WARM_POOL
      ? process.env.ZEROLAB_WARM_POOL !== '0'
      : !process.env.VITEST,
  }
}

const services = new WeakMap<AppDeps, ExecServices>()

/**
 * The execution side's state for one app: queue, SSE hub, job service, metrics and the
 * worker pool, created on first use and shared by the exec and API routes. Call
 * `configureExec` before `createApp` to override options (tests do).
 */
export function execServices(deps: AppDeps): ExecServices {
  let s = services.get(deps)
  if (!s) {
    s = build(deps, defaultExecOptions())
    services.set(deps, s)
  }
  return s
}

export function configureExec(deps: AppDeps, over: Partial<ExecOptions>): ExecServices {
  const base = defaultExecOptions()
  const s = build(deps, { ...base, ...over, queue: { ...base.queue, ...over.queue } })
  services.set(deps, s)
  return s
}

function build(deps: AppDeps, options: ExecOptions): ExecServices {
  // An account's job quota (X-Account-Meta-Quota-Jobs) narrows its share of the queue.
  const queue = new JobQueue({
    ...options.queue,
    quotaFor: (a) => deps.store.quotas.forAccount(a).jobs,
  })
  const hub = new EventHub()
  const metrics = new ServerMetrics()
  const executor = deps.cluster
    ? createClusterExecutor({
        proxyUrl: deps.cluster.proxyUrl,
        registry: deps.cluster.registry,
        maxAttempts: deps.cluster.maxAttempts,
        metrics,
        log: deps.log,
        caps: options.caps,
        jobCaps: options.jobCaps,
      })
    : createEngineExecutor(deps, {
        poolSize: options.poolSize,
        metrics,
        caps: options.caps,
        jobCaps: options.jobCaps,
        ...(options.pool ? { pool: options.pool } : {}),
      })
  const execute: ExecuteJob<EngineReport> = (job, ctx) => executor.execute(job, ctx)
  const jobsDb = openJobsDb(deps.db)
  const jobs = new JobService({ db: jobsDb.db, queue, hub, execute, caps: options.jobCaps })
  if (options.warmPool)
    executor
      .warm()
      .catch((e: unknown) => deps.log.warn('worker pool failed to start', { error: String(e) }))
  const interrupted = jobs.recover()
  if (interrupted) deps.log.warn('jobs interrupted by a restart marked failed', { interrupted })
  const s: ExecServices = {
    options,
    queue,
    hub,
    jobs,
    shares: new SharesRepo(jobsDb.db),
    metrics,
    executor,
    startedMs: Date.now(),
    close: async () => {
      await executor.close()
      jobsDb.close()
    },
  }
  metrics.registry.gauge('zerolab_queue_depth', 'Jobs waiting for a slot.', () => [
    { labels: {}, value: queue.depth },
  ])
  metrics.registry.gauge('zerolab_jobs_running', 'Jobs running now.', () => [
    { labels: {}, value: queue.active },
  ])
  metrics.registry.gauge('zerolab_jobs', 'Jobs in the database, by status.', () =>
    Object.entries(jobs.repo.countByStatus()).map(([status, n]) => ({
      labels: { status },
      value: n,
    })),
  )
  return s
}
