import { describe, expect, it } from 'vitest'
import { createHistory, record, redo, undo } from './history.ts'

describe('history', () => {
  it('undoes and redoes steps, and a new edit drops the redo branch', () => {
    let h = createHistory(1)
    h = record(h, 2)
    h = record(h, 3)
    h = undo(h)
    expect(h.present).toBe(2)
    h = redo(h)
    expect(h.present).toBe(3)
    h = undo(undo(h))
    expect(h.present).toBe(1)
    expect(undo(h)).toBe(h)
    h = record(h, 9)
    expect(h.future).toEqual([])
    expect(redo(h)).toBe(h)
  })

  it('merges consecutive edits with the same key into one step', () => {
    let h = createHistory('')
    for (const t of ['a', 'ab', 'abc']) h = record(h, t, 'name')
    h = record(h, 'abc!', 'other')
    expect(undo(h).present).toBe('abc')
    expect(undo(undo(h)).present).toBe('')
  })
})
