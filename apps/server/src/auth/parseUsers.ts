import { ZeroLabError } from '@zerolab/shared'

export interface UserSpec {
  /** Bare account name; the storage account is `AUTH_<account>`. */
  account: string
  user: string
  key: string
}

export const DEFAULT_USER: UserSpec = { account: 'admin', user: 'admin', key: 'admin' }

const PART = /^[A-Za-z0-9_.-]+$/

/**
 * Parses `ZEROLAB_USERS="account:user:key,…"`. The key is everything after the second
 * colon, so keys may hold colons. An empty or unset value gives the default admin user.
 */
export function parseUsers(value: string | undefined): UserSpec[] {
  const items = (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
  if (items.length === 0) return [DEFAULT_USER]
  return items.map((item, i) => {
    const a = item.indexOf(':')
    const b = a < 0 ? -1 : item.indexOf(':', a + 1)
    const account = item.slice(0, a)
    const user = item.slice(a + 1, b)
    const key = item.slice(b + 1)
    if (a < 0 || b < 0 || !PART.test(account) || !PART.test(user) || key === '') {
      throw new ZeroLabError(
        'INVALID_REQUEST',
        `ZEROLAB_USERS entry ${i + 1} must be account:user:key (letters, digits, _ . -)`,
        `ZEROLAB_USERS[${i}]`,
      )
    }
    return { account, user, key }
  })
}

export const storageAccount = (account: string): string => `AUTH_${account}`
