import { describe, expect, it } from 'vitest'
import {
  DOCK_DEFAULT,
  EDITOR_DEFAULT,
  SPLIT_MAX,
  SPLIT_MIN,
  clampSplit,
  splitShareAt,
  splitShareForKey,
} from './dockSplit.ts'

const dock = { after: true, fallback: DOCK_DEFAULT }
const editor = { after: false, fallback: EDITOR_DEFAULT }

describe('splitters', () => {
  it('turn a drag position into a share, within limits', () => {
    expect(splitShareAt(300, 100, 400, dock)).toBeCloseTo(0.5)
    expect(splitShareAt(100, 100, 400, dock)).toBe(SPLIT_MAX)
    expect(splitShareAt(500, 100, 400, dock)).toBe(SPLIT_MIN)
    expect(splitShareAt(0, 0, 0, dock)).toBe(DOCK_DEFAULT)
    expect(splitShareAt(200, 100, 400, editor)).toBeCloseTo(0.25)
    expect(clampSplit(Number.NaN, EDITOR_DEFAULT)).toBe(EDITOR_DEFAULT)
  })

  it('move with the keyboard towards the arrow', () => {
    expect(splitShareForKey(0.5, 'ArrowUp', dock)).toBeCloseTo(0.55)
    expect(splitShareForKey(0.5, 'ArrowDown', dock)).toBeCloseTo(0.45)
    expect(splitShareForKey(0.5, 'End', dock)).toBe(SPLIT_MIN)
    expect(splitShareForKey(0.5, 'ArrowRight', editor)).toBeCloseTo(0.55)
    expect(splitShareForKey(0.5, 'ArrowLeft', editor)).toBeCloseTo(0.45)
    expect(splitShareForKey(0.5, 'x', editor)).toBeNull()
  })
})
