import { ZeroLabError } from '@zerolab/shared'
import type { Principal } from '../auth/principal.ts'
import { inAcl, parseAcl, referrerAllowed } from './acl.ts'
import type { AccountAcl } from './accountAcl.ts'

/** What is asked: the level of the path and whether it only reads (GET/HEAD). */
export interface Action {
  level: 'account' | 'container' | 'object'
  read: boolean
}

export interface AccessTarget {
  account: string
  /** The container asked for (absent for account requests). */
  container?: string | undefined
  accountAcl: AccountAcl | null
  /** The container's `X-Container-Read` / `-Write` (absent for account requests). */
  readAcl?: string | undefined
  writeAcl?: string | undefined
  referer?: string | undefined
}

export interface Grant {
  allowed: boolean
  /** Swift's `swift_owner`: sees and sets ACLs, keys and quotas shown to owners only. */
  owner: boolean
}

const DENY: Grant = { allowed: false, owner: false }
const OWNER: Grant = { allowed: true, owner: true }
const ALLOW: Grant = { allowed: true, owner: false }

const hits = (who: Principal, names: string[]): boolean => names.some((n) => who.groups.includes(n))

/**
 * tempauth's `authorize`, in its order: a reseller admin or an admin of the account owns it;
 * then the container ACL (referrers for object reads and `.rlistings` listings, then the
 * caller's groups); then the account ACL (`admin` owns, `read-write` may do anything below the
 * account and read it, `read-only` may only read).
 */
export function authorize(who: Principal | null, t: AccessTarget, a: Action): Grant {
  const scope = who?.tempUrl?.container
  if (scope !== undefined && (a.level === 'account' || t.container !== scope)) return DENY
  if (who?.resellerAdmin) return OWNER
  if (who && who.groups.includes(t.account)) return OWNER
  const aclText =
    a.level === 'account'
      ? undefined
      : a.read
        ? t.readAcl
        : a.level === 'object'
          ? t.writeAcl
          : undefined
  if (aclText) {
    const acl = parseAcl(aclText)
    if (
      referrerAllowed(t.referer, acl.referrers) &&
      (a.level === 'object' || acl.groups.includes('.rlistings'))
    )
      return ALLOW
    if (inAcl(who, acl)) return ALLOW
  }
  const acct = t.accountAcl
  if (who && acct) {
    if (hits(who, acct.admin)) return OWNER
    if (hits(who, acct['read-write']) && (a.level !== 'account' || a.read)) return ALLOW
    if (hits(who, acct['read-only']) && a.read) return ALLOW
  }
  return DENY
}

/** 401 for anonymous callers, 403 for authenticated ones (as tempauth answers). */
export function denied(who: Principal | null): ZeroLabError {
  return who === null || who.tempUrl
    ? new ZeroLabError('UNAUTHORIZED', 'Unauthorized')
    : new ZeroLabError('FORBIDDEN', 'Forbidden')
}
