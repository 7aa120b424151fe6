import { join } from 'node:path'
import { createNodeCompiler } from '@zerolab/cc/node'
import { AccountService } from './account/accountService.ts'
import type { AppDeps, OpenDeps } from './appDeps.ts'
import { AuthService } from './auth/authService.ts'
import type { Principal } from './auth/principal.ts'
import { parseUsers } from './auth/parseUsers.ts'
import type { ClusterDeps } from './cluster/gateway/clusterDeps.ts'
import { createClusterRunner } from './cluster/gateway/clusterRunner.ts'
import { createPassThroughApi } from './cluster/gateway/createPassThroughApi.ts'
import type { ClusterSetup } from './cluster/gateway/openCluster.ts'
import { swiftSourceReader } from './cluster/gateway/swiftSourceReader.ts'
import { SwiftTokenAuth } from './cluster/gateway/swiftTokenAuth.ts'
import { dbFile, type ServerConfig } from './config.ts'
import { openJobsDb } from './db/jobsDb.ts'
import { openDb } from './db/openDb.ts'
import type { ReadSource } from './exec/readExecRequest.ts'
import { execOptions, type ExecOptions } from './execution/execOptions.ts'
import { JobQueue } from './execution/jobQueue.ts'
import { createJobRunner, type JobStoreFactory } from './execution/jobRunner.ts'
import { PrincipalStore } from './execution/principalStore.ts'
import { EventHub } from './jobs/eventHub.ts'
import { JobService } from './jobs/jobService.ts'
import { consoleLogger, type Logger } from './log.ts'
import { LoopMonitor } from './metrics/loopMonitor.ts'
import { ServerMetrics } from './metrics/serverMetrics.ts'
import { ShareService } from './shares/shareService.ts'
import { WorkshopService } from './workshops/workshopService.ts'
import { ObjectService } from './storage/objectService.ts'
import { createSwiftApi } from './swift/createSwiftApi.ts'

export interface OpenDepsOptions {
  log?: Logger
  /** `account:user:key,…`; default: ZEROLAB_USERS, else admin:admin/admin. */
  users?: string | undefined
  /** Over the ZEROLAB_* environment's execution options (tests shrink the queue and pool). */
  exec?: Partial<ExecOptions>
  /** The object surface; default: the embedded store's Swift API. */
  objectApi?: AppDeps['objectApi']
  /** The store jobs run against; default: the embedded store as the job's principal. */
  storeFor?: (store: ObjectService) => JobStoreFactory
  /**
   * Cluster mode (`serve --swift`, see openCluster): Swift's tokens are the auth, the object
   * API passes through to the proxy, X-Zerovm-Source is read from Swift, jobs run on the nodes.
   */
  cluster?: ClusterSetup
}

/**
 * The composition root. Opens the data dir: SQLite (migrated), object files (temp files and
 * orphans swept), users; builds every service the app uses; then does the start-up work
 * (jobs a crash interrupted are marked failed; the worker pool warms in the background).
 * `close()` releases all of it.
 */
export function openDeps(config: ServerConfig, opts: OpenDepsOptions = {}): OpenDeps {
  const log = opts.log ?? consoleLogger
  const file = dbFile(config)
  const db = openDb(file)
  const store = new ObjectService(db, config.dataDir, config.limits, { walFile: `${file}-wal` })
  const swept = store.sweep()
  if (swept.tmp || swept.orphans) log.info('recovered data dir', swept)
  store.startReaper()
  let auth: AuthService
  let cluster: ClusterDeps | undefined
  if (opts.cluster) {
    const swiftAuth = new SwiftTokenAuth(db)
    auth = swiftAuth
    cluster = { ...opts.cluster, remember: (t) => swiftAuth.remember(t) }
  } else {
    auth = new AuthService(db, config.tokenTtlSec)
    auth.setUsers(parseUsers('users' in opts ? opts.users : process.env.ZEROLAB_USERS))
  }

  const options = execOptions(opts.exec)
  const jobsDb = openJobsDb(db)
  // An account's job quota (X-Account-Meta-Quota-Jobs) narrows its share of the queue.
  const queue = new JobQueue({
    ...options.queue,
    quotaFor: (a) => store.quotas.forAccount(a).jobs,
  })
  const hub = new EventHub()
  const loop = new LoopMonitor().start()
  const metrics = new ServerMetrics(loop)
  const compiler = createNodeCompiler({
    cacheDir: join(config.dataDir, 'modules'),
    maxCacheBytes: options.compile.cacheMb * 1024 * 1024,
    timeoutMs: options.compile.timeoutMs,
    memoryBytes: options.compile.memoryMb * 1024 * 1024,
    maxQueued: options.compile.maxQueued,
    onCacheError: (e) => log.warn('module cache failed', { error: String(e) }),
  })
  const storeFor =
    opts.storeFor?.(store) ?? ((who): PrincipalStore => new PrincipalStore(store, who))
  const runner = cluster
    ? createClusterRunner({
        proxyUrl: cluster.proxyUrl,
        registry: cluster.registry,
        maxAttempts: cluster.maxAttempts,
        metrics,
        log,
        caps: options.caps,
        jobCaps: options.jobCaps,
        compile: compiler.compile,
      })
    : createJobRunner({
        storeFor,
        poolSize: options.poolSize,
        metrics,
        caps: options.caps,
        jobCaps: options.jobCaps,
        compile: compiler.compile,
        ...(options.pool ? { pool: options.pool } : {}),
      })
  const sourceReader = (who: Principal): ReadSource =>
    cluster
      ? swiftSourceReader(cluster.proxyUrl, who)
      : async (ref, max) => {
          const o = await store.readAll(who, ref, max)
          return { bytes: o.bytes, contentType: o.info.contentType }
        }
  const accounts = new AccountService(store, auth, (a) => queue.runningFor(a))
  const jobs = new JobService({
    db: jobsDb.db,
    queue,
    hub,
    execute: (job, ctx) => runner.run(job, ctx),
    caps: options.jobCaps,
  })
  const shares = new ShareService(jobsDb.db, {
    maxBytes: options.maxShareBytes,
    quota: options.shareQuota,
  })
  // Students are users of the embedded store's accounts; Swift's tempauth has no such API.
  const workshops =
    auth instanceof AuthService
      ? new WorkshopService(db, { auth, accounts, store, jobs })
      : undefined
  metrics.registry.gauge('zerolab_queue_depth', 'Jobs waiting for a slot.', () => [
    { labels: {}, value: queue.depth },
  ])
  metrics.registry.gauge('zerolab_jobs_running', 'Jobs running now.', () => [
    { labels: {}, value: queue.active },
  ])
  metrics.registry.gauge('zerolab_jobs', 'Jobs in the database, by status.', () =>
    Object.entries(jobs.countByStatus()).map(([status, n]) => ({ labels: { status }, value: n })),
  )

  const interrupted = jobs.recover()
  if (interrupted) log.warn('jobs interrupted by a restart marked failed', { interrupted })
  if (options.warmPool)
    runner
      .warm()
      .catch((e: unknown) => log.warn('worker pool failed to start', { error: String(e) }))

  return {
    config,
    log,
    db,
    store,
    auth,
    accounts,
    objectApi:
      opts.objectApi ?? (cluster ? (d) => createPassThroughApi({ ...d, cluster }) : createSwiftApi),
    storeFor,
    execOptions: options,
    queue,
    hub,
    metrics,
    loop,
    runner,
    jobs,
    shares,
    ...(workshops ? { workshops } : {}),
    sourceReader,
    compiler,
    ...(cluster ? { cluster } : {}),
    startedMs: Date.now(),
    async close() {
      loop.stop()
      cluster?.registry.stop()
      compiler.close()
      await runner
        .close()
        .catch((e: unknown) => log.warn('closing the worker pool failed', { error: String(e) }))
      jobsDb.close()
      await store.close()
      db.close()
    },
  }
}
