import { describe, expect, it } from 'vitest'
import type { RangeQuery } from '../db/rangeSql.ts'
import { listNames, listingLimit } from './listing.ts'

const NAMES = ['a', 'b/1', 'b/2', 'b/3/x', 'b0', 'c/d/e', 'c/f', 'z'].sort()

/** The same filter the SQL repos apply, over an in-memory sorted array. */
const fetch = (q: RangeQuery): { name: string }[] =>
  (q.reverse ? [...NAMES].reverse() : NAMES)
    .filter(
      (n) =>
        (q.gt === undefined || n > q.gt) &&
        (q.gte === undefined || n >= q.gte) &&
        (q.lt === undefined || n < q.lt),
    )
    .slice(0, q.limit)
    .map((name) => ({ name }))

const names = (q: Parameters<typeof listNames>[1], limit = 100): string[] =>
  listNames(fetch, q, limit).map((l) => (l.kind === 'subdir' ? `${l.subdir}` : l.row.name))

describe('listNames (Swift listing semantics)', () => {
  it('collapses names under a delimiter into subdirs and jumps past them', () => {
    expect(names({ delimiter: '/' })).toEqual(['a', 'b/', 'b0', 'c/', 'z'])
    expect(names({ delimiter: '/', prefix: 'b/' })).toEqual(['b/1', 'b/2', 'b/3/'])
    expect(names({ delimiter: '/', prefix: 'c/' })).toEqual(['c/d/', 'c/f'])
  })
  it('honours marker, end_marker and limit together with the delimiter', () => {
    expect(names({ marker: 'b/2' })).toEqual(['b/3/x', 'b0', 'c/d/e', 'c/f', 'z'])
    expect(names({ endMarker: 'b0' })).toEqual(['a', 'b/1', 'b/2', 'b/3/x'])
    expect(names({ delimiter: '/' }, 2)).toEqual(['a', 'b/'])
    expect(names({ delimiter: '/', marker: 'b/' })).toEqual(['b0', 'c/', 'z'])
    expect(names({ limit: 0 }, 0)).toEqual([])
  })
  it('pages through everything with marker = last name', () => {
    const seen: string[] = []
    let marker = ''
    for (;;) {
      const page = names({ marker }, 3)
      seen.push(...page)
      if (page.length < 3) break
      marker = page[page.length - 1]!
    }
    expect(seen).toEqual(NAMES)
  })
  it('reverses with reverse=true; marker then bounds from above (Swift 2.30 reverse listings)', () => {
    expect(names({ reverse: true })).toEqual([...NAMES].reverse())
    expect(names({ reverse: true, delimiter: '/' })).toEqual(['z', 'c/', 'b0', 'b/', 'a'])
    expect(names({ reverse: true, marker: 'b0' })).toEqual(['b/3/x', 'b/2', 'b/1', 'a'])
    expect(names({ reverse: true, endMarker: 'b0' })).toEqual(['z', 'c/f', 'c/d/e'])
    expect(names({ reverse: true, prefix: 'b/', delimiter: '/' })).toEqual(['b/3/', 'b/2', 'b/1'])
    expect(names({ reverse: true, delimiter: '/' }, 2)).toEqual(['z', 'c/'])
  })
  it('path=p lists only the objects directly under p (no subdirs), as the container broker', () => {
    expect(names({ path: 'b' })).toEqual(['b/1', 'b/2'])
    expect(names({ path: 'b/' })).toEqual(['b/1', 'b/2'])
    expect(names({ path: 'c' })).toEqual(['c/f'])
    expect(names({ path: '' })).toEqual(['a', 'b0', 'z'])
  })
  it('rejects limits outside 0..max with 412', () => {
    expect(listingLimit(undefined, 10)).toBe(10)
    expect(() => listingLimit(11, 10)).toThrow(/Maximum limit is 10/)
    expect(() => listingLimit(-1, 10)).toThrow()
  })
})
