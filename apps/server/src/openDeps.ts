import type { AppDeps } from './appDeps.ts'
import { AuthService } from './auth/authService.ts'
import { parseUsers } from './auth/parseUsers.ts'
import { dbFile, type ServerConfig } from './config.ts'
import { openDb } from './db/openDb.ts'
import { consoleLogger, type Logger } from './log.ts'
import { ObjectService } from './storage/objectService.ts'

/**
 * Opens the data dir: SQLite (migrated), object files (temp files and orphans swept), users
 * from `users` (default: ZEROLAB_USERS, else admin:admin/admin). Call `close()` when done.
 */
export function openDeps(
  config: ServerConfig,
  opts: { log?: Logger; users?: string | undefined } = {},
): AppDeps & { close(): void } {
  const log = opts.log ?? consoleLogger
  const file = dbFile(config)
  const db = openDb(file)
  const store = new ObjectService(db, config.dataDir, config.limits, { walFile: `${file}-wal` })
  const swept = store.sweep()
  if (swept.tmp || swept.orphans) log.info('recovered data dir', swept)
  store.startReaper()
  const auth = new AuthService(db, config.tokenTtlSec)
  const users = 'users' in opts ? opts.users : process.env.ZEROLAB_USERS
  auth.setUsers(parseUsers(users))
  const close = (): void => {
    void store.close()
    db.close()
  }
  return { db, store, auth, config, log, close }
}
