import { describe, expect, it } from 'vitest'
import { MAX_RECENT, loadCurrent, loadRecent, removeRecent, saveDraft } from './drafts.ts'
import type { JobDocument } from './jobDocument.ts'

function memoryStorage(limit = Infinity) {
  const m = new Map<string, string>()
  return {
    m,
    getItem: (k: string) => m.get(k) ?? null,
    setItem: (k: string, v: string) => {
      const size = [...m].reduce((n, [key, val]) => n + (key === k ? 0 : val.length), 0)
      if (size + v.length > limit) throw new DOMException('full', 'QuotaExceededError')
      m.set(k, v)
    },
    removeItem: (k: string) => void m.delete(k),
  }
}

const job = (name: string): JobDocument => ({
  version: 1,
  groups: [{ name, exec: { source: 'x' } }],
})

describe('drafts', () => {
  it('keeps the open job and lists edited ones newest first, one entry per draft', () => {
    const s = memoryStorage()
    saveDraft(s, { id: 'a', title: 'A', savedAt: 1, job: job('a') }, false)
    expect(loadCurrent(s)?.job).toEqual(job('a'))
    expect(loadRecent(s)).toEqual([]) // not edited: not listed
    saveDraft(s, { id: 'a', title: 'A', savedAt: 2, job: job('a2') }, true)
    saveDraft(s, { id: 'b', title: 'B', savedAt: 3, job: job('b') }, true)
    saveDraft(s, { id: 'a', title: 'A', savedAt: 4, job: job('a3') }, true)
    expect(loadRecent(s).map((d) => [d.id, d.job.groups[0]!.name])).toEqual([
      ['a', 'a3'],
      ['b', 'b'],
    ])
    expect(loadCurrent(s)?.id).toBe('a')
    removeRecent(s, 'b')
    expect(loadRecent(s).map((d) => d.id)).toEqual(['a'])
  })

  it(`keeps at most ${MAX_RECENT}, and drops the oldest when storage is full`, () => {
    const s = memoryStorage()
    for (let i = 0; i < MAX_RECENT + 5; i++)
      saveDraft(s, { id: `d${i}`, title: `${i}`, savedAt: i, job: job(`g${i}`) }, true)
    const list = loadRecent(s)
    expect(list).toHaveLength(MAX_RECENT)
    expect(list[0]!.id).toBe(`d${MAX_RECENT + 4}`)

    const tight = memoryStorage(900)
    for (let i = 0; i < 10; i++)
      saveDraft(tight, { id: `d${i}`, title: `${i}`, savedAt: i, job: job(`g${i}`) }, true)
    const kept = loadRecent(tight)
    expect(kept.length).toBeGreaterThan(0)
    expect(kept.length).toBeLessThan(10)
    expect(kept[0]!.id).toBe('d9')
  })

  it('reads the old Ctrl+S draft, and ignores garbage', () => {
    const s = memoryStorage()
    s.setItem('zerolab.draft', JSON.stringify(job('old')))
    expect(loadCurrent(s)).toMatchObject({ id: 'legacy', title: 'saved draft' })
    s.setItem('zerolab.current', '{not json')
    s.setItem('zerolab.recent', '[1, {"id": 2}]')
    expect(loadCurrent(s)?.id).toBe('legacy')
    expect(loadRecent(s)).toEqual([])
  })
})
