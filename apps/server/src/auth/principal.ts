/** Who is calling. `null` everywhere means anonymous. */
export interface Principal {
  /** Storage account the user owns, e.g. `AUTH_admin`. */
  account: string
  /** Bare account name, e.g. `admin`. */
  accountName: string
  user: string
  /** ACL group names this user matches: `admin`, `admin:admin`, `AUTH_admin`. */
  groups: string[]
  /** Cluster mode: the caller's Swift token, with which the gateway and nodes act for them. */
  swiftToken?: string
}

export function makePrincipal(accountName: string, user: string): Principal {
  const account = `AUTH_${accountName}`
  return { account, accountName, user, groups: [accountName, `${accountName}:${user}`, account] }
}
