import { ZeroLabError } from '@zerolab/shared'
import { createHash } from 'node:crypto'
import { AuthService, type IssuedToken, type UserView } from '../../auth/authService.ts'
import { makePrincipal, type Principal } from '../../auth/principal.ts'
import type { Db } from '../../db/openDb.ts'
import { prep } from '../../db/prep.ts'
import type { IssuedSwiftToken } from '../../swiftBackend/passThrough.ts'

const sha256 = (s: string): string => createHash('sha256').update(s).digest('hex')

interface Row {
  account: string
  user: string
  expires_ms: number
}

/**
 * Cluster mode's auth: Swift (tempauth) issues the tokens and decides every object access;
 * the gateway only needs to know whose a token is for its own API (jobs, shares), so it
 * remembers each token it sees handed out through its /auth pass-through (its SHA-256, in
 * SQLite, so a restart keeps them). The principal carries the token for the Swift calls made
 * on the caller's behalf.
 */
export class SwiftTokenAuth extends AuthService {
  constructor(
    private readonly sdb: Db,
    private readonly clock: () => number = Date.now,
  ) {
    super(sdb, 0, clock)
  }

  remember(t: IssuedSwiftToken): void {
    prep(this.sdb, 'DELETE FROM swift_tokens WHERE expires_ms <= ?').run(this.clock())
    prep(
      this.sdb,
      'INSERT OR REPLACE INTO swift_tokens (token_hash, account, user, expires_ms) VALUES (?, ?, ?, ?)',
    ).run(sha256(t.token), t.account, t.user, t.expiresMs)
  }

  override authenticate(token: string): Principal | null {
    const row = prep(
      this.sdb,
      'SELECT account, user, expires_ms FROM swift_tokens WHERE token_hash = ?',
    ).get(sha256(token)) as Row | undefined
    if (!row || row.expires_ms <= this.clock()) return null
    const accountName = row.account.replace(/^AUTH_/, '')
    const user = row.user.includes(':') ? row.user.slice(row.user.indexOf(':') + 1) : row.user
    return { ...makePrincipal(accountName, user), swiftToken: token }
  }

  override expiresIn(token: string): number {
    const row = prep(this.sdb, 'SELECT expires_ms FROM swift_tokens WHERE token_hash = ?').get(
      sha256(token),
    ) as Pick<Row, 'expires_ms'> | undefined
    return row ? Math.max(0, Math.floor((row.expires_ms - this.clock()) / 1000)) : 0
  }

  override login(): IssuedToken {
    throw new ZeroLabError(
      'UNSUPPORTED',
      'users are Swift’s in cluster mode: log in at /auth/v1.0 (passed to the Swift proxy)',
      'X-Auth-User',
    )
  }

  override listUsers(): UserView[] {
    return []
  }
}
