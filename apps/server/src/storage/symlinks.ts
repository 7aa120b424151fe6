import { ZeroLabError } from '@zerolab/shared'
import type { ObjectRow } from '../db/objectsRepo.ts'
import type { ObjectRef } from './types.ts'

/** A symlink as stored: target `<container>/<object>` percent-encoded as Swift keeps it. */
export interface Link {
  target: string
  account?: string | undefined
  /** Static links: the target's ETag and size when the link was made. */
  etag?: string | undefined
  bytes?: number | undefined
}

/** Swift's symloop_max. */
export const SYMLOOP_MAX = 2

export const linkOf = (r: ObjectRow): Link | undefined =>
  r.link ? (JSON.parse(r.link) as Link) : undefined

/** Python's `quote` (safe '/'), the form of X-Symlink-Target in responses. */
export const quotePath = (s: string): string =>
  encodeURIComponent(s)
    .replace(/%2F/g, '/')
    .replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)

const unquote = (s: string): string => {
  try {
    return decodeURIComponent(s)
  } catch {
    return s
  }
}

/** Where a link points, from the account of the link. */
export function linkTarget(link: Link, account: string): ObjectRef {
  const t = unquote(link.target)
  const i = t.indexOf('/')
  return {
    account: link.account ? unquote(link.account) : account,
    container: t.slice(0, i),
    name: t.slice(i + 1),
  }
}

/**
 * Swift's `_validate_and_prep_request_headers`: `X-Symlink-Target: <container>/<object>`
 * (412 otherwise), maybe `X-Symlink-Target-Account`, never the link itself (400), an ETag
 * without `;`, `"` or `\` (400).
 */
export function parseLink(
  o: { target: string; account?: string | undefined; etag?: string | undefined },
  self: ObjectRef,
): Link {
  const form = 'X-Symlink-Target header must be of the form <container name>/<object name>'
  const t = unquote(o.target)
  const m = /^([^/]+)\/(.+)$/.exec(t)
  if (t.startsWith('/') || !m)
    throw new ZeroLabError('PRECONDITION_FAILED', form, 'X-Symlink-Target')
  const account = o.account === undefined ? undefined : unquote(o.account)
  if (account !== undefined && (!account || account.includes('/')))
    throw new ZeroLabError(
      'PRECONDITION_FAILED',
      'Account name cannot contain slashes',
      'X-Symlink-Target-Account',
    )
  if ((account ?? self.account) === self.account && m[1] === self.container && m[2] === self.name)
    throw new ZeroLabError('INVALID_REQUEST', 'Symlink cannot target itself', 'X-Symlink-Target')
  const etag = o.etag?.replace(/^"(.*)"$/, '$1')
  if (etag && /[;"\\]/.test(etag))
    throw new ZeroLabError(
      'INVALID_REQUEST',
      'Bad X-Symlink-Target-Etag format',
      'X-Symlink-Target-Etag',
    )
  const link: Link = { target: quotePath(`${m[1]}/${m[2]}`) }
  if (account !== undefined) link.account = quotePath(account)
  if (etag) link.etag = etag
  return link
}
