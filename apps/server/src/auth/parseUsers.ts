import { ZeroLabError } from '@zerolab/shared'
import { ADMIN } from './principal.ts'

export interface UserSpec {
  /** Bare account name; the storage account is `AUTH_<account>`. */
  account: string
  user: string
  key: string
  /** tempauth groups: `.admin` (account owner), `.reseller_admin`, or ACL group names. */
  groups: string[]
}

export const DEFAULT_USER: UserSpec = {
  account: 'admin',
  user: 'admin',
  key: 'admin',
  groups: [ADMIN],
}

const PART = /^[A-Za-z0-9_.-]+$/
/** `.member`: a plain user of the account, with no group beyond its own names. */
const MEMBER = '.member'
const GROUP = /^[A-Za-z0-9_.:-]+$/

/**
 * Parses `ZEROLAB_USERS="account:user:key[ group…],…"` (tempauth's `user_<acct>_<user> = <key>
 * [group…]`). The key is everything after the second colon up to the first space. Without
 * groups a user is `.admin` of its account; `.member` makes a plain user. An empty or unset
 * value gives the default admin user.
 */
export function parseUsers(value: string | undefined): UserSpec[] {
  const items = (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
  if (items.length === 0) return [DEFAULT_USER]
  return items.map((item, i) => {
    const [cred = '', ...groupWords] = item.split(/\s+/)
    const a = cred.indexOf(':')
    const b = a < 0 ? -1 : cred.indexOf(':', a + 1)
    const account = cred.slice(0, a)
    const user = cred.slice(a + 1, b)
    const key = cred.slice(b + 1)
    const where = `ZEROLAB_USERS[${i}]`
    if (a < 0 || b < 0 || !PART.test(account) || !PART.test(user) || key === '') {
      throw new ZeroLabError(
        'INVALID_REQUEST',
        `ZEROLAB_USERS entry ${i + 1} must be account:user:key[ group…] (letters, digits, _ . -)`,
        where,
      )
    }
    const bad = groupWords.find((g) => !GROUP.test(g))
    if (bad !== undefined)
      throw new ZeroLabError(
        'INVALID_REQUEST',
        `ZEROLAB_USERS entry ${i + 1}: bad group ${bad}`,
        where,
      )
    const groups = groupWords.length === 0 ? [ADMIN] : groupWords.filter((g) => g !== MEMBER)
    return { account, user, key, groups }
  })
}

export const storageAccount = (account: string): string => `AUTH_${account}`
