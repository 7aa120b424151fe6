import type { Db } from './openDb.ts'
import { prep } from './prep.ts'

export interface UserRow {
  account: string
  user: string
  key_hash: string
  /** Space-separated tempauth groups. */
  groups: string
  /** 'config' (ZEROLAB_USERS, replaced at start-up) or 'api' (made through /api/account). */
  source: 'config' | 'api'
}

const COLS = 'account, user, key_hash, groups, source'

export class UsersRepo {
  constructor(private readonly db: Db) {}

  get(account: string, user: string): UserRow | undefined {
    return prep(this.db, `SELECT ${COLS} FROM users WHERE account = ? AND user = ?`).get(
      account,
      user,
    ) as UserRow | undefined
  }

  list(account?: string): UserRow[] {
    return (
      account === undefined
        ? prep(this.db, `SELECT ${COLS} FROM users ORDER BY account, user`).all()
        : prep(this.db, `SELECT ${COLS} FROM users WHERE account = ? ORDER BY user`).all(account)
    ) as UserRow[]
  }

  upsert(r: UserRow): void {
    prep(
      this.db,
      `INSERT INTO users (${COLS}) VALUES (@account, @user, @key_hash, @groups, @source)
         ON CONFLICT(account, user) DO UPDATE SET key_hash = excluded.key_hash,
           groups = excluded.groups, source = excluded.source`,
    ).run(r)
  }

  delete(account: string, user: string): boolean {
    return (
      prep(this.db, 'DELETE FROM users WHERE account = ? AND user = ?').run(account, user).changes >
      0
    )
  }

  /**
   * Makes the configured users exactly these (API-made users stay unless a configured one
   * takes their name); tokens of users that no longer exist are dropped.
   */
  replaceConfigured(rows: UserRow[]): void {
    this.db.transaction(() => {
      prep(this.db, "DELETE FROM users WHERE source = 'config'").run()
      for (const r of rows) this.upsert(r)
      prep(
        this.db,
        'DELETE FROM tokens WHERE NOT EXISTS (SELECT 1 FROM users u WHERE u.account = tokens.account AND u.user = tokens.user)',
      ).run()
    })()
  }
}
