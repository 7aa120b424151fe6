import { ZeroLabError } from '@zerolab/shared'
import { randomBytes } from 'node:crypto'
import type { AuthService, UserView } from '../auth/authService.ts'
import { ADMIN, type Principal } from '../auth/principal.ts'
import { cleanAcl, parseAcl } from '../storage/acl.ts'
import type { ObjectService } from '../storage/objectService.ts'
import type { AccountQuotas } from '../storage/quotas.ts'
import { tempUrlHmac } from '../storage/tempUrlSignature.ts'

const NAME = /^[A-Za-z0-9_-][A-Za-z0-9_.-]{0,63}$/
const GROUP = /^[A-Za-z0-9_-][A-Za-z0-9_.:-]{0,63}$/
/** Most students one request may create. */
export const MAX_STUDENTS = 500
/** Longest life of a temp URL this API signs (7 days). */
export const MAX_TEMPURL_TTL = 7 * 86400

export interface AccountView {
  account: string
  user: string
  admin: boolean
  groups: string[]
  quotas: AccountQuotas
  usage: { bytes: number; objects: number; containers: number; runningJobs: number }
}

export interface UserOut {
  user: string
  authUser: string
  admin: boolean
  groups: string[]
  key?: string
}

export interface StudentsRequest {
  names?: string[]
  count?: number
  prefix?: string
  group?: string
  read?: string[]
  home?: boolean
}

const newKey = (): string => randomBytes(12).toString('base64url')

function checkName(v: unknown, path: string): string {
  if (typeof v !== 'string' || !NAME.test(v))
    throw new ZeroLabError(
      'INVALID_REQUEST',
      `${path}: 1-64 letters, digits, _ . - (not starting with .)`,
      path,
    )
  return v
}

function checkGroups(v: unknown, path: string): string[] {
  if (v === undefined) return []
  if (!Array.isArray(v))
    throw new ZeroLabError('INVALID_REQUEST', `${path}: a list of group names`, path)
  return v.map((g, i) => {
    if (typeof g !== 'string' || !GROUP.test(g))
      throw new ZeroLabError(
        'INVALID_REQUEST',
        `${path}[${i}]: letters, digits, _ . : - (not starting with .)`,
        `${path}[${i}]`,
      )
    return g
  })
}

/**
 * Accounts for workshops: an account admin (tempauth `.admin`, or an `admin` in the account's
 * X-Account-Access-Control) manages the users of the account, creates students in bulk with
 * read access to course containers and a private home container each, and signs temp URLs.
 */
export class AccountService {
  constructor(
    private readonly store: ObjectService,
    private readonly auth: AuthService,
    private readonly runningJobs: (account: string) => number,
  ) {}

  private requireAdmin(who: Principal): void {
    if (!this.store.grant(who, { account: who.account }, { level: 'account', read: false }).owner)
      throw new ZeroLabError('FORBIDDEN', `only an admin of ${who.account} may manage its users`)
  }

  private out(u: UserView, key?: string): UserOut {
    const o: UserOut = {
      user: u.user,
      authUser: `${u.account}:${u.user}`,
      admin: u.groups.includes(ADMIN),
      groups: u.groups.filter((g) => g !== ADMIN),
    }
    if (key !== undefined) o.key = key
    return o
  }

  /** Any user's view of its own account (a member sees usage, not what is inside). */
  view(who: Principal): AccountView {
    const grant = this.store.grant(who, { account: who.account }, { level: 'account', read: false })
    const s = this.store.usage(who.account)
    return {
      account: who.account,
      user: who.user,
      admin: grant.owner,
      groups: who.groups,
      quotas: this.store.quotas.forAccount(who.account),
      usage: {
        bytes: s.bytes,
        objects: s.objects,
        containers: s.containers,
        runningJobs: this.runningJobs(who.account),
      },
    }
  }

  listUsers(who: Principal): UserOut[] {
    this.requireAdmin(who)
    return this.auth.listUsers(who.accountName).map((u) => this.out(u))
  }

  /** Creates (201) or updates (200) a user of the caller's account. */
  putUser(
    who: Principal,
    user: string,
    body: Record<string, unknown>,
  ): { created: boolean; user: UserOut } {
    this.requireAdmin(who)
    checkName(user, 'user')
    if (
      body.key !== undefined &&
      (typeof body.key !== 'string' || body.key.length < 1 || body.key.length > 256)
    )
      throw new ZeroLabError('INVALID_REQUEST', 'key: a string of 1-256 characters', 'key')
    if (body.admin !== undefined && typeof body.admin !== 'boolean')
      throw new ZeroLabError('INVALID_REQUEST', 'admin: true or false', 'admin')
    const old = this.auth.getUser(who.accountName, user)
    const groups =
      body.groups === undefined && old
        ? old.groups.filter((g) => g !== ADMIN)
        : checkGroups(body.groups, 'groups')
    const admin = body.admin ?? old?.groups.includes(ADMIN) ?? false
    const generated = body.key === undefined && !old ? newKey() : undefined
    const key = (body.key as string | undefined) ?? generated
    const created = this.auth.putUser(who.accountName, user, {
      ...(key !== undefined ? { key } : {}),
      groups: admin ? [ADMIN, ...groups] : groups,
    })
    return { created, user: this.out(this.auth.getUser(who.accountName, user)!, generated) }
  }

  deleteUser(who: Principal, user: string): void {
    this.requireAdmin(who)
    if (user === who.user) throw new ZeroLabError('CONFLICT', 'you cannot delete yourself', user)
    this.auth.deleteUser(who.accountName, user)
  }

  /**
   * Creates students (plain users in `group`, random keys), adds `group` to the read ACL of
   * every `read` container, and gives each a home container only they (and admins) reach.
   * Existing students are left as they are (no key in the answer).
   */
  students(who: Principal, req: StudentsRequest): (UserOut & { home?: string })[] {
    this.requireAdmin(who)
    const group = req.group === undefined ? 'students' : checkGroups([req.group], 'group')[0]!
    let names: string[]
    if (req.names !== undefined) {
      if (!Array.isArray(req.names))
        throw new ZeroLabError('INVALID_REQUEST', 'names: a list', 'names')
      names = req.names.map((n, i) => checkName(n, `names[${i}]`))
    } else {
      const count = req.count
      if (!Number.isInteger(count) || count! < 1)
        throw new ZeroLabError(
          'INVALID_REQUEST',
          'count: a positive integer (or give names)',
          'count',
        )
      const prefix = checkName(req.prefix ?? 'student', 'prefix')
      const width = Math.max(2, String(count).length)
      names = Array.from(
        { length: count! },
        (_, i) => `${prefix}-${String(i + 1).padStart(width, '0')}`,
      )
    }
    if (names.length > MAX_STUDENTS)
      throw new ZeroLabError(
        'INVALID_REQUEST',
        `at most ${MAX_STUDENTS} students per request`,
        'names',
      )
    if (new Set(names).size !== names.length)
      throw new ZeroLabError('INVALID_REQUEST', 'names repeat', 'names')
    const read = req.read ?? []
    if (!Array.isArray(read))
      throw new ZeroLabError('INVALID_REQUEST', 'read: a list of containers', 'read')
    // Every course container must exist before anything is created.
    const courses = read.map((c, i) => {
      if (typeof c !== 'string')
        throw new ZeroLabError('INVALID_REQUEST', `read[${i}]: a container name`, `read[${i}]`)
      return this.store.headContainer(who, who.account, c)
    })
    for (const c of courses) {
      const acl = parseAcl(c.readAcl)
      if (!acl.groups.includes(group)) {
        const next = cleanAcl(
          [c.readAcl, group].filter(Boolean).join(','),
          'X-Container-Read',
          false,
        )
        this.store.postContainer(who, who.account, c.name, { readAcl: next })
      }
    }
    return names.map((name) => {
      const old = this.auth.getUser(who.accountName, name)
      let key: string | undefined
      if (!old) {
        key = newKey()
        this.auth.putUser(who.accountName, name, { key, groups: [group] })
      }
      const out: UserOut & { home?: string } = this.out(
        this.auth.getUser(who.accountName, name)!,
        key,
      )
      if (req.home !== false) {
        const self = `${who.accountName}:${name}`
        this.store.putContainer(who, who.account, name, { readAcl: self, writeAcl: self })
        out.home = name
      }
      return out
    })
  }

  /**
   * A temp URL for `path` (`/v1/<account>/<container>/<object>`) the caller may `method`,
   * signed with the account's Temp-URL key (made on first use).
   */
  tempUrl(
    who: Principal,
    body: Record<string, unknown>,
    origin: string,
  ): { url: string; expires: number } {
    const path = body.path
    if (typeof path !== 'string')
      throw new ZeroLabError('INVALID_REQUEST', 'path: /v1/<account>/<container>/<object>', 'path')
    const m = /^\/v1\/([^/]+)\/([^/]+)\/(.+)$/.exec(path)
    if (!m)
      throw new ZeroLabError('INVALID_REQUEST', 'path: /v1/<account>/<container>/<object>', 'path')
    const method = body.method === undefined ? 'GET' : body.method
    if (typeof method !== 'string' || !['GET', 'HEAD', 'PUT'].includes(method))
      throw new ZeroLabError('INVALID_REQUEST', 'method: GET, HEAD or PUT', 'method')
    const ttl = body.ttl === undefined ? 86400 : body.ttl
    if (typeof ttl !== 'number' || !Number.isInteger(ttl) || ttl < 1 || ttl > MAX_TEMPURL_TTL)
      throw new ZeroLabError('INVALID_REQUEST', `ttl: 1 to ${MAX_TEMPURL_TTL} seconds`, 'ttl')
    let ref
    try {
      ref = {
        account: decodeURIComponent(m[1]!),
        container: decodeURIComponent(m[2]!),
        name: decodeURIComponent(m[3]!),
      }
    } catch {
      throw new ZeroLabError('INVALID_REQUEST', 'path: bad percent-encoding', 'path')
    }
    // The caller must be able to do it now: a link never grants more than its maker has.
    if (method === 'PUT') this.store.writable(who, ref)
    else this.store.headObject(who, ref)
    const key = this.store.tempUrlKey(ref.account)
    const expires = Math.floor(this.store.nowMs() / 1000) + ttl
    const signed = `/v1/${ref.account}/${ref.container}/${ref.name}`
    const sig = tempUrlHmac({ method, expires, path: signed, key, digest: 'sha256' })
    const q = `temp_url_sig=${sig}&temp_url_expires=${expires}`
    return { url: `${origin.replace(/\/+$/, '')}${path}?${q}`, expires }
  }
}
