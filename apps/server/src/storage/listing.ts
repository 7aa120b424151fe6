import { ZeroLabError } from '@zerolab/shared'
import type { RangeQuery } from '../db/containersRepo.ts'
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

/**
 * Swift's listing algorithm (container broker `list_objects_iter`): names after `marker`,
 * before `end_marker`, starting with `prefix`; with a `delimiter`, names holding it after the
 * prefix collapse into one `subdir` entry and the scan jumps past them.
 */
export function listNames<R extends { name: string }>(
  fetch: (q: RangeQuery) => R[],
  q: ListQuery,
  limit: number,
): Listed<R>[] {
  const prefix = q.prefix ?? ''
  const delim = q.delimiter ?? ''
  const origMarker = q.marker ?? ''
  const out: Listed<R>[] = []
  let after = origMarker
  let gte = false
  while (out.length < limit) {
    const want = limit - out.length
    const rows = fetch({ after, gte, before: q.endMarker ?? '', prefix, limit: want })
    gte = false
    if (rows.length === 0) break
    let jumped = false
    for (const r of rows) {
      after = r.name
      if (delim) {
        const i = r.name.indexOf(delim, prefix.length)
        if (i >= 0) {
          const dir = r.name.slice(0, i + delim.length)
          if (dir !== origMarker) out.push({ kind: 'subdir', subdir: dir })
          after = dir.slice(0, -1) + String.fromCharCode(dir.charCodeAt(dir.length - 1) + 1)
          gte = true
          jumped = true
          break
        }
      }
      out.push({ kind: 'row', row: r })
      if (out.length >= limit) break
    }
    if (!jumped && rows.length < want) break
  }
  return out
}
