import { describe, expect, it } from 'vitest'
import {
  DOCK_DEFAULT,
  DOCK_MAX,
  DOCK_MIN,
  clampDock,
  dockShareAt,
  dockShareForKey,
} from './dockSplit.ts'

describe('dock splitter', () => {
  it('turns a drag position into the dock share, within limits', () => {
    expect(dockShareAt(300, 100, 400)).toBeCloseTo(0.5)
    expect(dockShareAt(100, 100, 400)).toBe(DOCK_MAX)
    expect(dockShareAt(500, 100, 400)).toBe(DOCK_MIN)
    expect(dockShareAt(0, 0, 0)).toBe(DOCK_DEFAULT)
    expect(clampDock(Number.NaN)).toBe(DOCK_DEFAULT)
  })

  it('moves with the keyboard', () => {
    expect(dockShareForKey(0.5, 'ArrowUp')).toBeCloseTo(0.55)
    expect(dockShareForKey(0.5, 'ArrowDown')).toBeCloseTo(0.45)
    expect(dockShareForKey(0.5, 'End')).toBe(DOCK_MIN)
    expect(dockShareForKey(0.5, 'x')).toBeNull()
  })
})
