import { ZeroLabError } from '@zerolab/shared'
import type { Context } from 'hono'
import type { AppDeps } from '../appDeps.ts'
import type { Principal } from '../auth/principal.ts'
import type { ListQuery, ObjectRef } from '../storage/types.ts'
import { header } from './headerText.ts'
import { parseSwiftPath } from './parseSwiftPath.ts'
import { isTrue } from './swiftHeaders.ts'

/** Query parameters, each decoded as UTF-8 (`+` is a space); invalid UTF-8 → 400 as Swift. */
export function parseQuery(search: string): Map<string, string> {
  const q = new Map<string, string>()
  for (const part of search.replace(/^\?/, '').split('&')) {
    if (!part) continue
    const eq = part.indexOf('=')
    const rawName = eq < 0 ? part : part.slice(0, eq)
    const rawValue = eq < 0 ? '' : part.slice(eq + 1)
    const dec = (s: string): string => {
      try {
        return decodeURIComponent(s.replace(/\+/g, ' '))
      } catch {
        throw new ZeroLabError('INVALID_REQUEST', `"${rawName}" parameter not valid UTF-8`, rawName)
      }
    }
    const name = dec(rawName)
    if (!q.has(name)) q.set(name, dec(rawValue))
  }
  return q
}

/** Everything a Swift handler needs from the request. */
export interface SwiftRequest {
  c: Context
  deps: AppDeps
  method: string
  headers: Headers
  query: Map<string, string>
  who: Principal | null
  account: string
  container: string | undefined
  object: string | undefined
  referer: string | undefined
  /** A header as text (UTF-8 decoded), or null. */
  header(name: string): string | null
}

export function swiftRequest(c: Context, deps: AppDeps, who: Principal | null): SwiftRequest {
  const url = new URL(c.req.url)
  const p = parseSwiftPath(url.pathname)
  const headers = c.req.raw.headers
  return {
    c,
    deps,
    method: c.req.method,
    headers,
    query: parseQuery(url.search),
    who,
    account: p.account,
    container: p.container,
    object: p.object,
    referer: headers.get('referer') ?? undefined,
    header: (n) => header(headers, n),
  }
}

export const objectRef = (r: SwiftRequest): ObjectRef => ({
  account: r.account,
  container: r.container!,
  name: r.object!,
})

/** `limit` as Swift reads it: digits only, anything else means the default. */
function limitParam(v: string | undefined): number | undefined {
  return v !== undefined && /^\d+$/.test(v) ? Number(v) : undefined
}

/** prefix, delimiter, marker, end_marker, limit, reverse and (containers) path. */
export function listQuery(r: SwiftRequest): ListQuery {
  const q = r.query
  return {
    prefix: q.get('prefix') || undefined,
    delimiter: q.get('delimiter') || undefined,
    marker: q.get('marker') || undefined,
    endMarker: q.get('end_marker') || undefined,
    limit: limitParam(q.get('limit')),
    reverse: isTrue(q.get('reverse')),
    path: q.get('path'),
  }
}
