import { ZeroLabError } from '@zerolab/shared'
import type { Principal } from '../auth/principal.ts'

export interface Acl {
  /** `.r:` referrer designations (without `.r:`); a leading `-` denies. */
  referrers: string[]
  /** Group names (`account`, `account:user`, `AUTH_account`, extra groups, `.rlistings`). */
  groups: string[]
}

/** Swift's `parse_acl` (v1) over a cleaned container ACL. */
export function parseAcl(value: string): Acl {
  const acl: Acl = { referrers: [], groups: [] }
  for (const item of value.split(',')) {
    if (!item) continue
    if (item.startsWith('.r:')) acl.referrers.push(item.slice(3))
    else {
      let g = item
      try {
        g = decodeURIComponent(item)
      } catch {
        // kept as written
      }
      acl.groups.push(g)
    }
  }
  return acl
}

/**
 * Swift's `clean_acl`: validates and normalizes an `X-Container-Read`/`-Write` value
 * (`bob , sue` → `bob,sue`, `.referrer : *` → `.r:*`); referrers are refused in write ACLs.
 */
export function cleanAcl(value: string, header: string, write: boolean): string {
  const out: string[] = []
  for (const raw of value.split(',')) {
    const item = raw.trim()
    if (!item) continue
    const colon = item.indexOf(':')
    if (colon < 0) {
      out.push(item)
      continue
    }
    const first = item.slice(0, colon).trim()
    let second = item.slice(colon + 1).trim()
    if (!first || !first.startsWith('.')) {
      out.push(item)
      continue
    }
    if (!['.r', '.ref', '.referer', '.referrer'].includes(first)) {
      throw new ZeroLabError(
        'INVALID_HEADER',
        `Unknown designator '${first}' in ACL: '${item}'`,
        header,
      )
    }
    if (write) {
      throw new ZeroLabError(
        'INVALID_HEADER',
        `Referrers not allowed in write ACL: '${item}'`,
        header,
      )
    }
    const negate = second.startsWith('-')
    if (negate) second = second.slice(1).trim()
    if (second && second !== '*' && second.startsWith('*')) second = second.slice(1).trim()
    if (!second || second === '.') {
      throw new ZeroLabError(
        'INVALID_HEADER',
        `No host/domain value after referrer designation in ACL: '${item}'`,
        header,
      )
    }
    out.push(`.r:${negate ? '-' : ''}${second}`)
  }
  return out.join(',')
}

/** Swift's `referrer_allowed`: designations apply in order; `-host` denies again. */
export function referrerAllowed(referer: string | undefined, referrers: string[]): boolean {
  if (referrers.length === 0) return false
  let rhost = 'unknown'
  try {
    rhost = new URL(referer ?? '').hostname || 'unknown'
  } catch {
    // no or bad Referer
  }
  let allow = false
  for (const r of referrers) {
    const deny = r.startsWith('-')
    const m = deny ? r.slice(1) : r
    const hit = (!deny && m === '*') || m === rhost || (m.startsWith('.') && rhost.endsWith(m))
    if (hit) allow = !deny
  }
  return allow
}

/** The reseller prefix of storage accounts (`AUTH_<name>`). */
const RESELLER_PREFIX = 'AUTH_'

/**
 * Whether one ACL entry names `who`, exactly, as tempauth matches a user's groups: `*` is
 * every authenticated user (a ZeroLab extension), `<name>:<user>` one user, `AUTH_<name>` the
 * admins of a storage account (tempauth gives `.admin` users that group), any other word an
 * account name or one of the user's extra groups. So an account literally named `AUTH_x`
 * (storage account `AUTH_AUTH_x`) never matches an entry `AUTH_x` meant for the account `x`.
 */
export function aclEntryMatches(entry: string, who: Principal): boolean {
  if (entry === '*') return true
  if (entry.startsWith(RESELLER_PREFIX) && !entry.includes(':'))
    return who.admin && entry === who.account
  const own = [who.accountName, `${who.accountName}:${who.user}`, who.account]
  return (
    entry === own[0] || entry === own[1] || (!own.includes(entry) && who.groups.includes(entry))
  )
}

/** A user named in a container ACL. */
export const inAcl = (who: Principal | null, acl: Acl): boolean =>
  who !== null && acl.groups.some((g) => aclEntryMatches(g, who))
