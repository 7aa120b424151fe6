import { describe, expect, it } from 'vitest'
import { COLUMN_GAP, layerDepths, layeredLayout } from './layout.ts'

describe('layeredLayout', () => {
  it('puts each group one column right of its deepest upstream group', () => {
    const groups = [
      { name: 'reduce', connect: [] },
      { name: 'map', connect: ['combine', 'reduce'] },
      { name: 'combine', connect: ['reduce'] },
    ]
    expect(Object.fromEntries(layerDepths(groups))).toEqual({ map: 0, combine: 1, reduce: 2 })
    const pos = layeredLayout(groups)
    expect(pos.get('map')?.x).toBe(0)
    expect(pos.get('reduce')?.x).toBe(2 * COLUMN_GAP)
  })

  it('survives cycles and unknown targets', () => {
    const groups = [
      { name: 'a', connect: ['b', 'ghost'] },
      { name: 'b', connect: ['a'] },
    ]
    const pos = layeredLayout(groups)
    expect(pos.size).toBe(2)
    expect(pos.get('a')).not.toEqual(pos.get('b'))
  })

  it('stacks groups of one column without overlap', () => {
    const pos = layeredLayout([{ name: 'a' }, { name: 'b' }, { name: 'c' }])
    const ys = ['a', 'b', 'c'].map((n) => pos.get(n)?.y)
    expect(new Set(ys).size).toBe(3)
  })
})
