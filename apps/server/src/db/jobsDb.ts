import Database from 'better-sqlite3'
import type { Db } from './openDb.ts'

/**
 * A second connection to the server's database for job and share rows, with
 * `synchronous = NORMAL`: in WAL mode a commit then costs no fsync (about 6 ms less on
 * this disk, three times per job) and the database stays consistent after any crash; only
 * a power loss may drop the latest job updates, and a job left queued or running is then
 * marked failed at start-up. Objects keep the main connection's FULL durability.
 */
export function openJobsDb(main: Db): { db: Db; close(): void } {
  if (main.memory) return { db: main, close: () => {} }
  const db = new Database(main.name)
  db.pragma('journal_mode = WAL')
  db.pragma('synchronous = NORMAL')
  db.pragma('busy_timeout = 5000')
  return { db, close: () => db.close() }
}
