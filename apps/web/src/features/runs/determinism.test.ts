import { describe, expect, it } from 'vitest'
import {
  EtagMemory,
  canonicalJson,
  compareEtags,
  describeDeterminism,
  jobKey,
} from './determinism.ts'

describe('compareEtags', () => {
  const run = { 'map-1': { '/dev/out/reduce': 'aa' }, reduce: { '/dev/stdout': 'bb' } }

  it('says first when there is no previous run', () => {
    expect(compareEtags(undefined, run)).toEqual({ kind: 'first' })
  })

  it('says same when every ETag matches', () => {
    const d = compareEtags(structuredClone(run), run)
    expect(d).toEqual({ kind: 'same', count: 2 })
    expect(describeDeterminism(d)).toBe('same ETags as last run ✓ (2 outputs)')
  })

  it('lists changed, added and removed outputs', () => {
    const d = compareEtags(run, {
      'map-1': { '/dev/out/reduce': 'cc' },
      reduce: { '/dev/stdout': 'bb', '/dev/stderr': 'dd' },
    })
    expect(d).toEqual({
      kind: 'different',
      changes: [
        { instance: 'map-1', channel: '/dev/out/reduce', before: 'aa', after: 'cc' },
        { instance: 'reduce', channel: '/dev/stderr', before: undefined, after: 'dd' },
      ],
    })
    expect(describeDeterminism(d)).toBe('2 outputs differ from last run')
  })
})

describe('jobKey', () => {
  it('ignores key order and ui positions', () => {
    const a = {
      version: 1,
      groups: [{ name: 'a', exec: { path: 'x', args: 'y' }, ui: { x: 1, y: 2 } }],
    }
    const b = {
      groups: [{ exec: { args: 'y', path: 'x' }, name: 'a', ui: { x: 9, y: 9 } }],
      version: 1,
    }
    expect(jobKey(a)).toBe(jobKey(b))
    expect(jobKey(a)).toMatch(/^[0-9a-f]{16}$/)
  })

  it('changes with the program', () => {
    expect(jobKey({ exec: { source: 'a' } })).not.toBe(jobKey({ exec: { source: 'b' } }))
  })

  it('canonicalizes nested values', () => {
    expect(canonicalJson({ b: [1, { d: null, c: 'x' }], a: undefined })).toBe(
      '{"b":[1,{"c":"x","d":null}]}',
    )
  })
})

describe('EtagMemory', () => {
  it('remembers the last run per job', () => {
    const map = new Map<string, string>()
    const storage = {
      getItem: (k: string) => map.get(k) ?? null,
      setItem: (k: string, v: string) => void map.set(k, v),
    }
    const mem = new EtagMemory(storage)
    expect(mem.record('k', { a: { o: '1' } })).toEqual({ kind: 'first' })
    expect(mem.record('k', { a: { o: '1' } })).toEqual({ kind: 'same', count: 1 })
    expect(mem.record('k', { a: { o: '2' } }).kind).toBe('different')
    expect(mem.previous('k')).toEqual({ etags: { a: { o: '2' } } })
  })

  it('remembers where the last run ran', () => {
    const map = new Map<string, string>()
    const storage = {
      getItem: (k: string) => map.get(k) ?? null,
      setItem: (k: string, v: string) => void map.set(k, v),
    }
    const mem = new EtagMemory(storage)
    mem.record('k', { a: { o: '1' } }, 'local')
    const d = mem.record('k', { a: { o: '1' } }, 'cluster')
    expect(d).toEqual({ kind: 'same', count: 1, previousWhere: 'local' })
    expect(describeDeterminism(d)).toBe('same ETags as last run ✓ (1 output, last run local)')
  })
})
