import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { compileGlob, countStars, fillGlob } from './glob.ts'

/** ZeroCloud's matcher, the reference for small inputs: `*` → greedy `(.*)`. */
function regexMatch(pattern: string, text: string): string[] | undefined {
  const body = pattern
    .split('*')
    .map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('(.*)')
  const m = new RegExp(`^${body}$`, 's').exec(text)
  return m ? m.slice(1) : undefined
}

describe('compileGlob', () => {
  it('matches like ZeroCloud (greedy captures), on random small patterns', () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^[ab*.\n]{0,8}$/),
        fc.stringMatching(/^[ab.\n]{0,12}$/),
        (pattern, text) => {
          const g = compileGlob(pattern)
          const want = regexMatch(pattern, text)
          expect(g.match(text)).toEqual(want)
          expect(g.test(text)).toBe(want !== undefined)
        },
      ),
      { numRuns: 2000 },
    )
  })

  it('captures', () => {
    expect(compileGlob('binary*.data').match('binary_log_345.data')).toEqual(['_log_345'])
    expect(compileGlob('a*b*c').match('axbybzc')).toEqual(['xby', 'z'])
    expect(compileGlob('**').match('abc')).toEqual(['abc', ''])
    expect(compileGlob('x').match('x')).toEqual([])
    expect(compileGlob('x').match('y')).toBeUndefined()
    expect(compileGlob('ab*ba').match('aba')).toBeUndefined()
    expect(compileGlob('*').prefix).toBe('')
    expect(compileGlob('logs/*.txt').prefix).toBe('logs/')
  })

  it('answers a backtracking bomb at once', () => {
    // `(.*)a(.*)a…b` over a run of `a`s is exponential for a backtracking regex.
    const text = 'a'.repeat(100_000)
    const g = compileGlob('*a*a*a*a*a*a*a*a*a*a*a*a*b')
    // A regex would not finish one of these in the test's lifetime.
    for (let i = 0; i < 100; i++) expect(g.test(text)).toBe(false)
    expect(g.match(text + 'b')?.length).toBe(13)
  })

  it('fills and counts stars', () => {
    expect(fillGlob('out/*-*.txt', (k) => String(k))).toBe('out/0-1.txt')
    expect(fillGlob('plain', () => 'x')).toBe('plain')
    expect(countStars('a*b**')).toBe(3)
    expect(countStars('')).toBe(0)
  })
})
