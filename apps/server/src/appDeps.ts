import type { AuthService } from './auth/authService.ts'
import type { ClusterDeps } from './cluster/gateway/clusterDeps.ts'
import type { ServerConfig } from './config.ts'
import type { Db } from './db/openDb.ts'
import type { Logger } from './log.ts'
import type { ObjectService } from './storage/objectService.ts'

/**
 * Everything a route needs, built once by `openDeps` (or by a test). Routes stay thin:
 * they parse HTTP and call these services; SQL lives in src/db/*Repo.ts.
 */
export interface AppDeps {
  /** better-sqlite3 handle (WAL). Add tables with a migration file in src/db/migrations/. */
  db: Db
  /** Accounts, containers and objects with ACL checks; every call takes the caller's Principal. */
  store: ObjectService
  /** Users (ZEROLAB_USERS) and tempauth-style tokens. */
  auth: AuthService
  config: ServerConfig
  log: Logger
  /**
   * Cluster mode (`serve --swift`): objects live in an OpenStack Swift cluster behind this
   * gateway, which passes the object API through and runs jobs on ZeroLab nodes.
   */
  cluster?: ClusterDeps
}
