import { describe, expect, it } from 'vitest'
import { JsonSlices, MAX_JSON_DEPTH, parseJsonInSlices } from './jsonSlices.ts'

/** Parses `text` a few characters at a time (many slices, every state split somewhere). */
function sliced(text: string, slice: number): unknown {
  const p = new JsonSlices(text)
  for (let i = 0; i < text.length + 10; i++) {
    const done = p.step(slice)
    if (done) return done.value
  }
  throw new Error('did not finish')
}

/** A random JSON value (seeded), with escapes, unicode, numbers of every shape, nesting. */
function randomValue(seed: { n: number }, depth = 0): unknown {
  const r = (): number => {
    seed.n = (seed.n * 1103515245 + 12345) % 2 ** 31
    return seed.n / 2 ** 31
  }
  const strings = ['', 'a', 'é', '"q"', 'back\\slash', 'line\nbreak', '\u0001', '😀', '__proto__']
  const k = r()
  if (depth > 4 || k < 0.4) {
    const pick = Math.floor(r() * 8)
    if (pick === 0) return null
    if (pick === 1) return r() < 0.5
    if (pick === 2) return Math.floor(r() * 1e6) - 5e5
    if (pick === 3) return (r() - 0.5) * 10 ** Math.floor(r() * 40 - 20)
    return strings[Math.floor(r() * strings.length)]! + String(Math.floor(r() * 100))
  }
  if (k < 0.7)
    return Array.from({ length: Math.floor(r() * 6) }, () => randomValue(seed, depth + 1))
  const o: Record<string, unknown> = {}
  for (let i = Math.floor(r() * 6); i > 0; i--)
    Object.defineProperty(o, strings[Math.floor(r() * strings.length)]! + (r() < 0.5 ? i : ''), {
      value: randomValue(seed, depth + 1),
      enumerable: true,
      writable: true,
      configurable: true,
    })
  return o
}

describe('JsonSlices', () => {
  it('builds what JSON.parse builds, whatever the slice size', () => {
    const seed = { n: 7 }
    for (let i = 0; i < 300; i++) {
      const text = JSON.stringify(randomValue(seed), null, i % 3 === 0 ? 2 : undefined)
      const want = JSON.parse(text) as unknown
      for (const slice of [1, 3, 64, 1 << 20]) expect(sliced(text, slice), text).toEqual(want)
    }
    const odd = ' {"__proto__": {"x": 1}, "a": [1e5, -0.5E-3, 0, -0, true, false, null], "b": {}}\n'
    const v = sliced(odd, 2) as Record<string, unknown>
    expect(v).toEqual(JSON.parse(odd))
    expect(Object.getPrototypeOf(v)).toBe(Object.prototype)
    expect(Object.keys(v)).toEqual(['__proto__', 'a', 'b'])
  })

  it('refuses what JSON.parse refuses', () => {
    const bad = [
      '',
      ' ',
      '{',
      '[1,]',
      '{"a":1,}',
      '{"a" 1}',
      '{a:1}',
      '[01]',
      '[1.]',
      '[-]',
      '[+1]',
      '[.5]',
      '"\u0001"',
      '"abc',
      '"\\x"',
      '"\\u12"',
      'tru',
      'nul',
      '[true false]',
      '[1] [2]',
      '{"a":1}}',
      '[NaN]',
      "['a']",
      '[1,2',
    ]
    for (const text of bad) {
      expect(() => JSON.parse(text), text).toThrow(SyntaxError)
      for (const slice of [1, 100]) expect(() => sliced(text, slice), text).toThrow(SyntaxError)
    }
  })

  it('caps nesting', () => {
    const deep = '['.repeat(MAX_JSON_DEPTH + 1) + ']'.repeat(MAX_JSON_DEPTH + 1)
    expect(() => sliced(deep, 1000)).toThrow(/nested deeper than 256/)
    const ok = '['.repeat(MAX_JSON_DEPTH) + ']'.repeat(MAX_JSON_DEPTH)
    expect(sliced(ok, 1000)).toEqual(JSON.parse(ok))
  })

  it('parseJsonInSlices yields between slices and returns the value', async () => {
    const doc = {
      env: Object.fromEntries(Array.from({ length: 20_000 }, (_, i) => [`K${i}`, '1'])),
    }
    const text = JSON.stringify(doc)
    let ticks = 0
    const timer = setInterval(() => ticks++, 0)
    const v = await parseJsonInSlices(text, 4096)
    clearInterval(timer)
    expect(v).toEqual(doc)
    // Timers ran while it parsed: the loop was given back between slices.
    expect(ticks).toBeGreaterThan(0)
    await expect(parseJsonInSlices(`${text} x`, 4096)).rejects.toThrow(SyntaxError)
  })
})
