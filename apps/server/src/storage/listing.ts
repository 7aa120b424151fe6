import { ZeroLabError } from '@zerolab/shared'
import type { RangeQuery } from '../db/rangeSql.ts'
import type { ListQuery } from './types.ts'

export type Listed<R> = { kind: 'row'; row: R } | { kind: 'subdir'; subdir: string }

/** Swift's listing limit rules: default and maximum `max`, negative or larger → 412. */
export function listingLimit(limit: number | undefined, max: number): number {
  if (limit === undefined) return max
  if (!Number.isInteger(limit) || limit < 0 || limit > max) {
    throw new ZeroLabError('PRECONDITION_FAILED', `Maximum limit is ${max}`, 'limit')
  }
  return limit
}

/** `s` with its last code point incremented: the first string after every `s…`. */
export function nextPrefix(s: string): string {
  const cps = [...s]
  const last = cps.pop()!
  return cps.join('') + String.fromCodePoint(last.codePointAt(0)! + 1)
}

/**
 * Swift's listing algorithm (the container broker's `list_objects_iter`, the account broker's
 * `list_containers_iter`), ported as is: names after `marker`, before `end_marker`, starting
 * with `prefix`, optionally `reverse`d (markers swap roles); with a `delimiter`, names holding
 * it after the prefix collapse into one `subdir` entry and the scan jumps past them. `path=p`
 * is `prefix=p/` + `delimiter=/` without subdirs (only the objects directly under p).
 */
export function listNames<R extends { name: string }>(
  fetch: (q: RangeQuery) => R[],
  q: ListQuery,
  limit: number,
): Listed<R>[] {
  const reverse = q.reverse === true
  let marker = (reverse ? q.endMarker : q.marker) ?? ''
  let endMarker = (reverse ? q.marker : q.endMarker) ?? ''
  let prefix = q.prefix ?? ''
  let delimiter = q.delimiter ?? ''
  let path: string | undefined
  if (q.path !== undefined) {
    path = q.path === '' ? '' : q.path.replace(/\/+$/, '') + '/'
    prefix = path
    delimiter = '/'
  }
  const endPrefix = prefix ? nextPrefix(prefix) : ''
  const origMarker = marker
  let forceGte = false
  const out: Listed<R>[] = []
  while (out.length < limit) {
    const r: RangeQuery = { reverse, limit: limit - out.length }
    if (endMarker && (!prefix || endMarker < endPrefix)) r.lt = endMarker
    else if (prefix) r.lt = endPrefix
    if (forceGte) {
      r.gte = marker
      forceGte = false
    } else if (marker && (!prefix || marker >= prefix)) r.gt = marker
    else if (prefix) r.gte = prefix
    const rows = fetch(r)
    if (!delimiter) {
      for (const row of rows) out.push({ kind: 'row', row })
      return out
    }
    if (rows.length === 0) break
    for (const row of rows) {
      const name = row.name
      if (reverse) endMarker = name
      else marker = name
      const end = name.indexOf(delimiter, prefix.length)
      if (path !== undefined) {
        if (name === path) continue
        if (end >= 0 && name.length > end + delimiter.length) {
          if (reverse) endMarker = name.slice(0, end + delimiter.length)
          else {
            // Swift uses `>` here and so skips a name equal to the jump target (`b0` after
            // `b/…`); `>=` lists it.
            marker = name.slice(0, end) + nextPrefix(delimiter)
            forceGte = true
          }
          break
        }
      } else if (end >= 0) {
        const dir = name.slice(0, end + delimiter.length)
        if (reverse) endMarker = dir
        else {
          marker = name.slice(0, end) + nextPrefix(delimiter)
          forceGte = true
        }
        if (dir !== origMarker) out.push({ kind: 'subdir', subdir: dir })
        break
      }
      out.push({ kind: 'row', row })
      if (out.length >= limit) return out
    }
  }
  return out
}
