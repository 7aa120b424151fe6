import type { Db } from './openDb.ts'
import { prep } from './prep.ts'

export interface TokenRow {
  token_hash: string
  account: string
  user: string
  expires_ms: number
}

export class TokensRepo {
  constructor(private readonly db: Db) {}

  insert(t: TokenRow): void {
    prep(
      this.db,
      'INSERT INTO tokens (token_hash, account, user, expires_ms) VALUES (?, ?, ?, ?)',
    ).run(t.token_hash, t.account, t.user, t.expires_ms)
  }

  get(tokenHash: string): TokenRow | undefined {
    return prep(
      this.db,
      'SELECT token_hash, account, user, expires_ms FROM tokens WHERE token_hash = ?',
    ).get(tokenHash) as TokenRow | undefined
  }

  /** A still-valid token of this user, to hand out again like tempauth does. */
  findLive(account: string, user: string, nowMs: number): TokenRow | undefined {
    return prep(
      this.db,
      'SELECT token_hash, account, user, expires_ms FROM tokens WHERE account = ? AND user = ? AND expires_ms > ? ORDER BY expires_ms DESC LIMIT 1',
    ).get(account, user, nowMs) as TokenRow | undefined
  }

  deleteFor(account: string, user: string): void {
    prep(this.db, 'DELETE FROM tokens WHERE account = ? AND user = ?').run(account, user)
  }

  deleteExpired(nowMs: number): number {
    return prep(this.db, 'DELETE FROM tokens WHERE expires_ms <= ?').run(nowMs).changes
  }
}
