/**
 * Share links. Small jobs travel in the URL hash as `#v1.<base64url(deflate(json))>`; larger
 * ones are stored on the server and travel as `#s=<id>` (or the `/s/<id>` path). The version
 * prefix lets a later format coexist with links already out there.
 */
import { deflateSync, inflateSync, strFromU8, strToU8 } from 'fflate'
import { ZeroLabError } from '@zerolab/shared'
import type { JobDocument } from '../../state/jobDocument.ts'

export const HASH_PREFIX = 'v1.'
/** Past this many characters a hash link gets unwieldy; use a server short link instead. */
export const MAX_HASH_CHARS = 4000

export type ShareRef =
  { kind: 'inline'; job: unknown } | { kind: 'short'; id: string } | { kind: 'none' }

export function toBase64Url(bytes: Uint8Array): string {
  let bin = ''
  for (let i = 0; i < bytes.length; i += 0x8000)
    bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000))
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')
}

export function fromBase64Url(text: string): Uint8Array {
  if (!/^[A-Za-z0-9_-]*$/.test(text))
    throw new ZeroLabError('INVALID_REQUEST', 'share link: not base64url')
  const b64 = text.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (text.length % 4)) % 4)
  const bin = atob(b64)
  const out = new Uint8Array(bin.length)
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i)
  return out
}

export function encodeJobHash(job: JobDocument): string {
  return `${HASH_PREFIX}${toBase64Url(deflateSync(strToU8(JSON.stringify(job)), { level: 9 }))}`
}

export function decodeJobHash(hash: string): unknown {
  const h = hash.replace(/^#/, '')
  if (!h.startsWith(HASH_PREFIX))
    throw new ZeroLabError('INVALID_REQUEST', `share link: unknown format "${h.slice(0, 8)}"`)
  let text: string
  try {
    text = strFromU8(inflateSync(fromBase64Url(h.slice(HASH_PREFIX.length))))
  } catch (e) {
    if (e instanceof ZeroLabError) throw e
    throw new ZeroLabError('INVALID_REQUEST', 'share link: damaged (cannot inflate)')
  }
  try {
    return JSON.parse(text) as unknown
  } catch {
    throw new ZeroLabError('INVALID_REQUEST', 'share link: damaged (not JSON)')
  }
}

/** What a location (path + hash) points at. */
export function readShareRef(pathname: string, hash: string): ShareRef {
  const short =
    /^\/s\/([A-Za-z0-9_-]+)\/?$/.exec(pathname)?.[1] ?? /^#s=([A-Za-z0-9_-]+)$/.exec(hash)?.[1]
  if (short) return { kind: 'short', id: short }
  if (hash.startsWith(`#${HASH_PREFIX}`)) return { kind: 'inline', job: decodeJobHash(hash) }
  return { kind: 'none' }
}
