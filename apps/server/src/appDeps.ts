import type { NodeCompiler } from '@zerolab/cc/node'
import type { Hono } from 'hono'
import type { AccountService } from './account/accountService.ts'
import type { AuthService } from './auth/authService.ts'
import type { Principal } from './auth/principal.ts'
import type { ClusterDeps } from './cluster/gateway/clusterDeps.ts'
import type { ServerConfig } from './config.ts'
import type { Db } from './db/openDb.ts'
import type { ReadSource } from './exec/readExecRequest.ts'
import type { ExecOptions } from './execution/execOptions.ts'
import type { JobQueue } from './execution/jobQueue.ts'
import type { JobRunner, JobStoreFactory, RunnerReport } from './execution/jobRunner.ts'
import type { EventHub } from './jobs/eventHub.ts'
import type { JobService } from './jobs/jobService.ts'
import type { Logger } from './log.ts'
import type { LoopMonitor } from './metrics/loopMonitor.ts'
import type { ServerMetrics } from './metrics/serverMetrics.ts'
import type { ShareService } from './shares/shareService.ts'
import type { WorkshopService } from './workshops/workshopService.ts'
import type { ObjectService } from './storage/objectService.ts'

/**
 * Everything the app uses, built once by `openDeps` (the composition root). Routes stay thin:
 * they parse HTTP and call these services; services hold the logic; SQL lives in src/db/*Repo.ts.
 */
export interface AppDeps {
  config: ServerConfig
  log: Logger
  /** better-sqlite3 handle (WAL). Add tables with a migration file in src/db/migrations/. */
  db: Db
  /** Accounts, containers and objects with ACL checks; every call takes the caller's Principal. */
  store: ObjectService
  /** Users (ZEROLAB_USERS) and tempauth-style tokens; Swift's tokens in cluster mode. */
  auth: AuthService
  /**
   * The embedded store's account administration: users of an account, workshop students
   * (`students(who, {names|count, group, read, home})`), signed temp URLs.
   */
  accounts: AccountService
  /**
   * Builds the Swift object surface (`/auth/v1.0`, `/info`, `/v1/…` except ZeroCloud
   * execution), a sub-app `createApp` mounts at `/`. The embedded store's by default
   * (swift/createSwiftApi.ts); a pass-through to a real Swift proxy slots in here.
   */
  objectApi: (deps: AppDeps) => Hono
  /** The object store a job's engine uses as one principal (PrincipalStore by default). */
  storeFor: JobStoreFactory
  /** Queue bounds, pool size and what a request may ask for. */
  execOptions: ExecOptions
  queue: JobQueue
  /** Live job events for SSE watchers. */
  hub: EventHub
  metrics: ServerMetrics
  /** How long the event loop is kept busy per turn (main-thread CPU time), at /metrics too. */
  loop: LoopMonitor
  /** Runs whole jobs: on the worker pool, or on the cluster's nodes. */
  runner: JobRunner
  jobs: JobService<RunnerReport>
  shares: ShareService
  /** Lesson links students join (embedded store only; absent in cluster mode). */
  workshops?: WorkshopService
  /** Reads the X-Zerovm-Source object of a ZeroCloud request as `who`. */
  sourceReader: (who: Principal) => ReadSource
  /** clang in a worker thread, modules cached by source hash under `<data>/modules`. */
  compiler: NodeCompiler
  /**
   * Cluster mode (`serve --swift`): objects live in an OpenStack Swift cluster behind this
   * gateway, which passes the object API through and runs jobs on ZeroLab nodes.
   */
  cluster?: ClusterDeps
  startedMs: number
}

/** What `openDeps` returns: the deps and the one call that releases them all. */
export interface OpenDeps extends AppDeps {
  /** Stops the worker pool (and the cluster's node polling), closes both databases. */
  close(): Promise<void>
}
