/** Who is calling. `null` everywhere means anonymous. */
export interface Principal {
  /** Storage account the user belongs to, e.g. `AUTH_admin`. */
  account: string
  /** Bare account name, e.g. `admin`. */
  accountName: string
  user: string
  /**
   * ACL group names this user matches, as tempauth computes them: `acct`, `acct:user`, the
   * user's extra groups, and `AUTH_acct` for account admins (`.admin`).
   */
  groups: string[]
  /** tempauth `.admin`: owner of `account` (may do anything in it). */
  admin: boolean
  /** tempauth `.reseller_admin`: owner of every account (sets quotas). */
  resellerAdmin: boolean
  /**
   * A temp URL acting for its request only: owner of `account`, limited to `container` when
   * signed with a container key; refusals are 401 (Swift's authorize_same_container).
   */
  tempUrl?: { container?: string | undefined }
  /** Cluster mode: the caller's Swift token, with which the gateway and nodes act for them. */
  swiftToken?: string
}

/** Groups with a meaning of their own in tempauth (not ACL names). */
export const ADMIN = '.admin'
export const RESELLER_ADMIN = '.reseller_admin'

/**
 * A user of `accountName` with tempauth groups (`.admin` makes an account owner; any other
 * name is an extra ACL group). Without `groups`, an account admin.
 */
export function makePrincipal(
  accountName: string,
  user: string,
  groups: readonly string[] = [ADMIN],
): Principal {
  const account = `AUTH_${accountName}`
  const admin = groups.includes(ADMIN)
  const extra = groups.filter((g) => g !== ADMIN)
  const all = [accountName, `${accountName}:${user}`, ...extra]
  if (admin && !all.includes(account)) all.push(account)
  return {
    account,
    accountName,
    user,
    groups: all,
    admin,
    resellerAdmin: groups.includes(RESELLER_ADMIN),
  }
}
