import { ZeroLabError } from '@zerolab/shared'
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'
import type { Db } from '../db/openDb.ts'
import { TokensRepo } from '../db/tokensRepo.ts'
import { UsersRepo, type UserRow } from '../db/usersRepo.ts'
import type { UserSpec } from './parseUsers.ts'
import { makePrincipal, type Principal } from './principal.ts'

export interface IssuedToken {
  token: string
  principal: Principal
  expiresMs: number
}

export interface UserView {
  /** Bare account name. */
  account: string
  user: string
  groups: string[]
  source: 'config' | 'api'
}

const sha256 = (s: string): string => createHash('sha256').update(s).digest('hex')

function hashKey(key: string, salt: string = randomBytes(16).toString('hex')): string {
  return `sha256$${salt}$${sha256(`${salt}:${key}`)}`
}

function keyMatches(key: string, stored: string): boolean {
  const [, salt] = stored.split('$')
  if (salt === undefined) return false
  const a = Buffer.from(hashKey(key, salt))
  const b = Buffer.from(stored)
  return a.length === b.length && timingSafeEqual(a, b)
}

const groupsOf = (r: UserRow): string[] => r.groups.split(' ').filter(Boolean)

const view = (r: UserRow): UserView => ({
  account: r.account,
  user: r.user,
  groups: groupsOf(r),
  source: r.source,
})

/**
 * tempauth-style users and tokens. Tokens are `AUTH_tk<hex>`; only their SHA-256 is kept, so
 * a copied database does not hand out live tokens. A user logging in again while a token is
 * live gets a fresh token (the old one stays valid until it expires). Users come from
 * ZEROLAB_USERS ('config', replaced at every start) or from account admins ('api', kept).
 */
export class AuthService {
  private readonly users: UsersRepo
  private readonly tokens: TokensRepo

  constructor(
    private readonly db: Db,
    private readonly ttlSec: number,
    private readonly now: () => number = Date.now,
  ) {
    this.users = new UsersRepo(db)
    this.tokens = new TokensRepo(db)
  }

  /** Replaces the configured users with these (from ZEROLAB_USERS or the default). */
  setUsers(specs: UserSpec[]): void {
    this.users.replaceConfigured(
      specs.map((s) => ({
        account: s.account,
        user: s.user,
        key_hash: hashKey(s.key),
        groups: s.groups.join(' '),
        source: 'config' as const,
      })),
    )
    this.tokens.deleteExpired(this.now())
  }

  listUsers(account?: string): UserView[] {
    return this.users.list(account).map(view)
  }

  getUser(account: string, user: string): UserView | undefined {
    const r = this.users.get(account, user)
    return r && view(r)
  }

  /**
   * Creates or updates an API-made user of `account`. A configured user (ZEROLAB_USERS) is
   * not changed here: 409. Returns whether it was created.
   */
  putUser(account: string, user: string, o: { key?: string; groups: string[] }): boolean {
    return this.db.transaction(() => {
      const old = this.users.get(account, user)
      if (old?.source === 'config') {
        throw new ZeroLabError('CONFLICT', `user ${account}:${user} is set by ZEROLAB_USERS`, user)
      }
      if (!old && o.key === undefined)
        throw new ZeroLabError('INVALID_REQUEST', 'key required', 'key')
      this.users.upsert({
        account,
        user,
        key_hash: o.key === undefined ? old!.key_hash : hashKey(o.key),
        groups: o.groups.join(' '),
        source: 'api',
      })
      // New rights apply to live tokens at once (principals are built per request).
      return !old
    })()
  }

  /** Deletes an API-made user and its tokens. */
  deleteUser(account: string, user: string): void {
    this.db.transaction(() => {
      const old = this.users.get(account, user)
      if (!old) throw new ZeroLabError('NOT_FOUND', `no user ${account}:${user}`, user)
      if (old.source === 'config')
        throw new ZeroLabError('CONFLICT', `user ${account}:${user} is set by ZEROLAB_USERS`, user)
      this.users.delete(account, user)
      this.tokens.deleteFor(account, user)
    })()
  }

  /** `authUser` is `account:user` as sent in X-Auth-User. */
  login(authUser: string, key: string): IssuedToken {
    const i = authUser.indexOf(':')
    const account = i < 0 ? '' : authUser.slice(0, i)
    const user = i < 0 ? authUser : authUser.slice(i + 1)
    const row = i < 0 ? undefined : this.users.get(account, user)
    if (!row || !keyMatches(key, row.key_hash)) {
      throw new ZeroLabError('UNAUTHORIZED', 'bad user or key', 'X-Auth-User')
    }
    this.tokens.deleteExpired(this.now())
    const token = `AUTH_tk${randomBytes(16).toString('hex')}`
    const expiresMs = this.now() + this.ttlSec * 1000
    this.tokens.insert({ token_hash: sha256(token), account, user, expires_ms: expiresMs })
    return { token, principal: makePrincipal(account, user, groupsOf(row)), expiresMs }
  }

  /** The principal for a token, or null when it is unknown or expired. */
  authenticate(token: string): Principal | null {
    const row = this.tokens.get(sha256(token))
    if (!row || row.expires_ms <= this.now()) return null
    const u = this.users.get(row.account, row.user)
    if (!u) return null
    return makePrincipal(row.account, row.user, groupsOf(u))
  }

  /** Seconds until the token expires (for X-Auth-Token-Expires). */
  expiresIn(token: string): number {
    const row = this.tokens.get(sha256(token))
    return row ? Math.max(0, Math.floor((row.expires_ms - this.now()) / 1000)) : 0
  }
}
