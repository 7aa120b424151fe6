import type { Db } from './openDb.ts'
import { prep } from './prep.ts'

export interface UserRow {
  account: string
  user: string
  key_hash: string
}

export class UsersRepo {
  constructor(private readonly db: Db) {}

  get(account: string, user: string): UserRow | undefined {
    return prep(
      this.db,
      'SELECT account, user, key_hash FROM users WHERE account = ? AND user = ?',
    ).get(account, user) as UserRow | undefined
  }

  list(): UserRow[] {
    return prep(
      this.db,
      'SELECT account, user, key_hash FROM users ORDER BY account, user',
    ).all() as UserRow[]
  }

  /** Makes the table hold exactly these users; tokens of removed users are dropped too. */
  replaceAll(rows: UserRow[]): void {
    this.db.transaction(() => {
      prep(this.db, 'DELETE FROM users').run()
      const ins = prep(this.db, 'INSERT INTO users (account, user, key_hash) VALUES (?, ?, ?)')
      for (const r of rows) ins.run(r.account, r.user, r.key_hash)
      prep(
        this.db,
        'DELETE FROM tokens WHERE NOT EXISTS (SELECT 1 FROM users u WHERE u.account = tokens.account AND u.user = tokens.user)',
      ).run()
    })()
  }
}
