import { ZeroLabError } from '@zerolab/shared'

/** tempauth's account ACL (`X-Account-Access-Control`, Swift ACL version 2). */
export interface AccountAcl {
  admin: string[]
  'read-write': string[]
  'read-only': string[]
}

const KEYS = ['admin', 'read-write', 'read-only'] as const

/**
 * Validates an `X-Account-Access-Control` value as tempauth does and returns it in Swift's
 * stored form (sorted keys, no whitespace, ASCII-only JSON); '' clears the ACL.
 */
export function cleanAccountAcl(value: string): string {
  const bad = (why: string): ZeroLabError =>
    new ZeroLabError(
      'INVALID_HEADER',
      `X-Account-Access-Control invalid: ${why}\n\nInput: ${value}\n`,
      'X-Account-Access-Control',
    )
  if (value === '') return ''
  let parsed: unknown
  try {
    parsed = JSON.parse(value)
  } catch {
    throw bad(`Syntax error in input (${JSON.stringify(value)})`)
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    throw bad(`Syntax error in input (${JSON.stringify(value)})`)
  const obj = parsed as Record<string, unknown>
  for (const k of Object.keys(obj)) {
    if (!(KEYS as readonly string[]).includes(k))
      throw bad(`Key ${JSON.stringify(k)} not recognized`)
  }
  const out: Record<string, string[]> = {}
  for (const k of [...KEYS].sort()) {
    if (!(k in obj)) continue
    const v = obj[k]
    if (!Array.isArray(v)) throw bad(`Value for key ${JSON.stringify(k)} must be a list`)
    if (!v.every((g) => typeof g === 'string'))
      throw bad(`Elements of ${JSON.stringify(k)} list must be strings`)
    out[k] = v as string[]
  }
  if (Object.keys(out).length === 0) return ''
  return JSON.stringify(out).replace(
    /[\u007f-\uffff]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  )
}

/** The stored ACL, or null when none grants anything (Swift's `acls_from_account_info`). */
export function parseAccountAcl(stored: string): AccountAcl | null {
  if (!stored) return null
  let obj: Record<string, string[]>
  try {
    obj = JSON.parse(stored) as Record<string, string[]>
  } catch {
    return null
  }
  const acl: AccountAcl = {
    admin: obj.admin ?? [],
    'read-write': obj['read-write'] ?? [],
    'read-only': obj['read-only'] ?? [],
  }
  return KEYS.some((k) => acl[k].length > 0) ? acl : null
}
