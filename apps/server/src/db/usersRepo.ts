import type { Db } from './openDb.ts'

export interface UserRow {
  account: string
  user: string
  key_hash: string
}

export class UsersRepo {
  constructor(private readonly db: Db) {}

  get(account: string, user: string): UserRow | undefined {
    return this.db
      .prepare('SELECT account, user, key_hash FROM users WHERE account = ? AND user = ?')
      .get(account, user) as UserRow | undefined
  }

  list(): UserRow[] {
    return this.db
      .prepare('SELECT account, user, key_hash FROM users ORDER BY account, user')
      .all() as UserRow[]
  }

  /** Makes the table hold exactly these users; tokens of removed users are dropped too. */
  replaceAll(rows: UserRow[]): void {
    this.db.transaction(() => {
      this.db.prepare('DELETE FROM users').run()
      const ins = this.db.prepare('INSERT INTO users (account, user, key_hash) VALUES (?, ?, ?)')
      for (const r of rows) ins.run(r.account, r.user, r.key_hash)
      this.db
        .prepare(
          'DELETE FROM tokens WHERE NOT EXISTS (SELECT 1 FROM users u WHERE u.account = tokens.account AND u.user = tokens.user)',
        )
        .run()
    })()
  }
}
