import type { Db } from './openDb.ts'
import { prep } from './prep.ts'

export interface AccountRow {
  name: string
  created_at: number
  meta: string
  /** X-Account-Access-Control, stored form; '' = none. */
  acl: string
}

export interface AccountStats {
  containers: number
  objects: number
  bytes: number
}

export class AccountsRepo {
  constructor(private readonly db: Db) {}

  get(name: string): AccountRow | undefined {
    return prep(this.db, 'SELECT name, created_at, meta, acl FROM accounts WHERE name = ?').get(
      name,
    ) as AccountRow | undefined
  }

  ensure(name: string, nowMs: number): AccountRow {
    const have = this.get(name)
    if (have) return have
    prep(
      this.db,
      'INSERT INTO accounts (name, created_at) VALUES (?, ?) ON CONFLICT(name) DO NOTHING',
    ).run(name, nowMs)
    return this.get(name)!
  }

  update(name: string, meta: string, acl: string): void {
    prep(this.db, 'UPDATE accounts SET meta = ?, acl = ? WHERE name = ?').run(meta, acl, name)
  }

  stats(name: string): AccountStats {
    return prep(
      this.db,
      `SELECT COUNT(*) AS containers, COALESCE(SUM(object_count), 0) AS objects,
              COALESCE(SUM(bytes_used), 0) AS bytes
         FROM containers WHERE account = ?`,
    ).get(name) as AccountStats
  }
}
