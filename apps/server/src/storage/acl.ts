import { ZeroLabError } from '@zerolab/shared'
import type { Principal } from '../auth/principal.ts'

export interface Acl {
  /** `.r:` referrer rules; only `*` (anyone) is honoured, as there is no Referer trust. */
  anyReferrer: boolean
  /** `.rlistings`: referrer-allowed clients may also list the container. */
  listings: boolean
  /** Account, `account:user` or `AUTH_account` entries (`*` = every authenticated user). */
  groups: string[]
}

/** Parses a Swift container ACL (`X-Container-Read` / `X-Container-Write`) value. */
export function parseAcl(value: string): Acl {
  const acl: Acl = { anyReferrer: false, listings: false, groups: [] }
  for (const raw of value.split(',')) {
    const item = raw.trim()
    if (!item) continue
    if (item === '.rlistings') acl.listings = true
    else if (item.startsWith('.r:') || item.startsWith('.referrer:')) {
      const ref = item.slice(item.indexOf(':') + 1)
      if (ref === '*' || ref === '.*') acl.anyReferrer = true
    } else acl.groups.push(item)
  }
  return acl
}

/** Checks and normalizes an ACL header value before it is stored. */
export function validateAcl(value: string, header: string, write: boolean): string {
  const items = value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
  for (const item of items) {
    if (item.startsWith('.')) {
      const ok = !write && (item === '.rlistings' || /^\.(r|ref|referer|referrer):.+$/.test(item))
      if (!ok) throw new ZeroLabError('INVALID_HEADER', `unsupported ACL element ${item}`, header)
    } else if (/[\s]/.test(item)) {
      throw new ZeroLabError('INVALID_HEADER', `bad ACL element ${item}`, header)
    }
  }
  return items.join(',')
}

/** The reseller prefix of storage accounts (`AUTH_<name>`). */
const RESELLER_PREFIX = 'AUTH_'

/**
 * Whether one ACL entry names `who`, exactly: `*` is every authenticated user,
 * `<name>:<user>` one user, `AUTH_<name>` a storage account, any other word an account
 * name. So an account literally named `AUTH_x` (storage account `AUTH_AUTH_x`) never
 * matches an entry `AUTH_x` meant for the account `x`.
 */
export function aclEntryMatches(entry: string, who: Principal): boolean {
  if (entry === '*') return true
  if (entry.includes(':')) return entry === `${who.accountName}:${who.user}`
  if (entry.startsWith(RESELLER_PREFIX)) return entry === who.account
  return entry === who.accountName
}

const inGroups = (who: Principal | null, acl: Acl): boolean =>
  who !== null && acl.groups.some((g) => aclEntryMatches(g, who))

export const isOwner = (who: Principal | null, account: string): boolean =>
  who !== null && who.account === account

/** 401 for anonymous callers, 403 for authenticated ones (as tempauth answers). */
export function denied(who: Principal | null): ZeroLabError {
  return who === null
    ? new ZeroLabError('UNAUTHORIZED', 'authentication required')
    : new ZeroLabError('FORBIDDEN', 'access denied')
}

export function canReadObjects(who: Principal | null, readAcl: string): boolean {
  const acl = parseAcl(readAcl)
  return acl.anyReferrer || inGroups(who, acl)
}

export function canList(who: Principal | null, readAcl: string): boolean {
  const acl = parseAcl(readAcl)
  return (acl.anyReferrer && acl.listings) || inGroups(who, acl)
}

export function canWrite(who: Principal | null, writeAcl: string): boolean {
  return inGroups(who, parseAcl(writeAcl))
}
