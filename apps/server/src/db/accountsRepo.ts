import type { Db } from './openDb.ts'

export interface AccountRow {
  name: string
  created_at: number
  meta: string
}

export interface AccountStats {
  containers: number
  objects: number
  bytes: number
}

export class AccountsRepo {
  constructor(private readonly db: Db) {}

  get(name: string): AccountRow | undefined {
    return this.db
      .prepare('SELECT name, created_at, meta FROM accounts WHERE name = ?')
      .get(name) as AccountRow | undefined
  }

  ensure(name: string, nowMs: number): AccountRow {
    this.db
      .prepare('INSERT INTO accounts (name, created_at) VALUES (?, ?) ON CONFLICT(name) DO NOTHING')
      .run(name, nowMs)
    return this.get(name)!
  }

  setMeta(name: string, meta: string): void {
    this.db.prepare('UPDATE accounts SET meta = ? WHERE name = ?').run(meta, name)
  }

  stats(name: string): AccountStats {
    const r = this.db
      .prepare(
        `SELECT (SELECT COUNT(*) FROM containers WHERE account = @a) AS containers,
                COUNT(o.name) AS objects, COALESCE(SUM(o.size), 0) AS bytes
           FROM containers c JOIN objects o ON o.container_id = c.id WHERE c.account = @a`,
      )
      .get({ a: name }) as AccountStats
    return r
  }
}
