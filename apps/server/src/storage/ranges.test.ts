import { describe, expect, it } from 'vitest'
import { conditional, parseRange } from './ranges.ts'

describe('parseRange', () => {
  it('parses single, open, suffix and multiple ranges against the size', () => {
    expect(parseRange('bytes=0-0', 10)).toEqual([[0, 0]])
    expect(parseRange('bytes=3-', 10)).toEqual([[3, 9]])
    expect(parseRange('bytes=-4', 10)).toEqual([[6, 9]])
    expect(parseRange('bytes=-40', 10)).toEqual([[0, 9]])
    expect(parseRange('bytes=1-2, 4-5', 10)).toEqual([
      [1, 2],
      [4, 5],
    ])
    expect(parseRange('bytes=5-50', 10)).toEqual([[5, 9]])
  })
  it('ignores what it cannot parse and reports unsatisfiable ranges', () => {
    expect(parseRange(undefined, 10)).toBeNull()
    expect(parseRange('items=1-2', 10)).toBeNull()
    expect(parseRange('bytes=2-1', 10)).toBeNull()
    expect(parseRange('bytes=a-b', 10)).toBeNull()
    expect(parseRange('bytes=10-', 10)).toBe('unsatisfiable')
    expect(parseRange('bytes=-0', 10)).toBe('unsatisfiable')
    expect(parseRange('bytes=0-1', 0)).toBe('unsatisfiable')
  })
  it("reads swob's syntax: spaces anywhere, suffix on an empty object, egregious sets", () => {
    expect(parseRange('bytes=0 - 4', 10)).toEqual([[0, 4]])
    expect(parseRange('bytes=-5', 0)).toBeNull()
    const many = Array.from({ length: 51 }, (_, i) => `${i}-${i}`).join(',')
    expect(parseRange(`bytes=${many}`, 100)).toBe('unsatisfiable')
    expect(parseRange('bytes=0-5,1-6,2-7,3-8', 10)).toBe('unsatisfiable')
  })
})

describe('conditional', () => {
  const t = Date.parse('2026-01-01T00:00:00.400Z')
  const h = (o: Record<string, string>): Headers => new Headers(o)
  it("follows swob's order: If-None-Match, If-Match, If-Modified-Since, If-Unmodified-Since", () => {
    expect(conditional(h({ 'If-Match': '"x"', 'If-None-Match': '"e"' }), 'e', t, 'GET')).toBe(304)
    expect(conditional(h({ 'If-Match': '"x"', 'If-None-Match': '"q"' }), 'e', t, 'GET')).toBe(412)
    // Swift checks If-Unmodified-Since even beside a matching If-Match
    const early = new Date(t - 60_000).toUTCString()
    expect(conditional(h({ 'If-Match': 'e', 'If-Unmodified-Since': early }), 'e', t, 'GET')).toBe(
      412,
    )
    expect(conditional(h({ 'If-Match': 'e', 'If-None-Match': 'e' }), 'e', t, 'GET')).toBe(304)
    expect(conditional(h({ 'If-None-Match': 'e' }), 'e', t, 'PUT')).toBe(412)
    // unlike RFC 7232, swob still checks If-Modified-Since beside a non-matching If-None-Match
    const later = new Date(t + 5000).toUTCString()
    expect(
      conditional(h({ 'If-None-Match': 'zz', 'If-Modified-Since': later }), 'e', t, 'GET'),
    ).toBe(304)
    expect(conditional(h({ 'If-Modified-Since': later }), 'e', t, 'GET')).toBe(304)
  })
  it('compares Last-Modified rounded up to the second', () => {
    const sameSecond = new Date(Math.ceil(t / 1000) * 1000).toUTCString()
    expect(conditional(h({ 'If-Modified-Since': sameSecond }), 'e', t, 'GET')).toBe(304)
    expect(conditional(h({ 'If-Unmodified-Since': sameSecond }), 'e', t, 'GET')).toBeNull()
    expect(conditional(h({ 'If-Modified-Since': 'garbage' }), 'e', t, 'GET')).toBeNull()
  })
})
