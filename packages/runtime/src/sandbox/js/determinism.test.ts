import { describe, expect, it } from 'vitest'
import { makeSpec, text } from '../../../test/spec.ts'
import { Prng } from '../common/prng.ts'
import type { ImageContext } from '../image.ts'
import { runJs } from './runJs.ts'

const ctx: ImageContext = { cache: new Map() }

const CLOCK_AND_RANDOM = `
  const r = [Math.random(), Math.random(), Math.floor(Math.random() * 1e9)]
  for (let i = 0; i < 5000; i++) Math.random()
  r.push(Math.random())
  const d = new Date()
  console.log(JSON.stringify({ r, now: Date.now(), iso: d.toISOString(), str: String(d),
    called: Date(), local: [d.getHours(), d.getTimezoneOffset(), d.toLocaleString()],
    parsed: new Date(2020, 0, 2, 3, 4, 5).toISOString(), noZone: Date.parse('2020-01-02T03:04:05') }))
  zerolab.write('output', new Uint8Array(r.map((x) => Math.floor(x * 256) % 256)))`

const spec = (seed: string, name = 'map-1', epochMs?: number) =>
  makeSpec({
    code: CLOCK_AND_RANDOM,
    seed,
    name,
    ...(epochMs === undefined ? {} : { epochMs }),
    channels: [{ alias: '/dev/output', mode: 'write', kind: 'local' }],
  })

describe('js image determinism', () => {
  it('gives identical ETags for the same program, seed and input', async () => {
    const a = await runJs(spec('s1'), ctx)
    const b = await runJs(spec('s1'), ctx)
    expect(a.status).toBe('ok')
    expect(a.etags).toEqual(b.etags)
    expect(a.outputs['/dev/stdout']).toEqual(b.outputs['/dev/stdout'])
  })

  it('reads a fixed epoch as UTC local time, whatever the host zone', async () => {
    const a = await runJs(spec('s1'), ctx)
    const out = JSON.parse(text(a.outputs['/dev/stdout'])) as Record<string, unknown>
    expect(out.now).toBe(1_257_894_000_000)
    expect(out.iso).toBe('2009-11-10T23:00:00.000Z')
    expect(out.str).toBe('Tue Nov 10 2009 23:00:00 GMT+0000')
    expect(out.called).toBe('Tue Nov 10 2009 23:00:00 GMT+0000')
    expect(out.local).toEqual([23, 0, '11/10/2009, 11:00:00 PM'])
    expect(out.parsed).toBe('2020-01-02T03:04:05.000Z')
    expect(out.noZone).toBe(Date.UTC(2020, 0, 2, 3, 4, 5))
    const later = await runJs(spec('s1', 'map-1', 0), ctx)
    expect(JSON.parse(text(later.outputs['/dev/stdout'])).iso).toBe('1970-01-01T00:00:00.000Z')
  })

  it('differs between seeds and between instance names', async () => {
    const a = await runJs(spec('s1'), ctx)
    const b = await runJs(spec('s2'), ctx)
    const c = await runJs(spec('s1', 'map-2'), ctx)
    expect(a.etags['/dev/output']).not.toBe(b.etags['/dev/output'])
    expect(a.etags['/dev/output']).not.toBe(c.etags['/dev/output'])
    expect(a.etags['/dev/stdout']).not.toBe(b.etags['/dev/stdout'])
  })

  it('draws Math.random from Prng(seed, name)', async () => {
    const code = 'console.log(JSON.stringify(Array.from({ length: 2000 }, () => Math.random())))'
    const r = await runJs(makeSpec({ code, seed: 'abc', name: 'red-2' }), ctx)
    const prng = new Prng('abc', 'red-2')
    const expected = Array.from({ length: 2000 }, () => prng.nextFloat())
    expect(JSON.parse(text(r.outputs['/dev/stdout']))).toEqual(expected)
  })

  it('gives the same output when the host runs in another time zone', async () => {
    const utc = await runJs(spec('s1'), ctx)
    const tz = process.env.TZ
    process.env.TZ = 'America/New_York'
    try {
      expect(new Date(0).getTimezoneOffset()).toBe(300)
      const other = await runJs(spec('s1'), { cache: new Map() })
      expect(other.etags).toEqual(utc.etags)
    } finally {
      if (tz === undefined) delete process.env.TZ
      else process.env.TZ = tz
    }
  })
})
