import { describe, expect, it } from 'vitest'
import { MIN_WIDTH, formatMs, layoutTimeline, ticks } from './timeline.ts'

describe('layoutTimeline', () => {
  it('places bars by start time relative to the first start', () => {
    const l = layoutTimeline(
      [
        { name: 'reduce', group: 'reduce', status: 'ok', startedAt: 150, endedAt: 200 },
        { name: 'map-2', group: 'map', status: 'ok', startedAt: 100, endedAt: 150 },
        { name: 'map-1', group: 'map', status: 'ok', startedAt: 100, endedAt: 120 },
      ],
      1000,
    )
    expect(l.spanMs).toBe(100)
    expect(l.bars.map((b) => [b.name, b.row, b.left, b.width])).toEqual([
      ['map-1', 0, 0, 0.2],
      ['map-2', 1, 0, 0.5],
      ['reduce', 2, 0.5, 0.5],
    ])
    expect(l.bars[2]?.durationMs).toBe(50)
  })

  it('stretches running instances to now and skips queued ones', () => {
    const l = layoutTimeline(
      [
        { name: 'a', group: 'a', status: 'running', startedAt: 0 },
        { name: 'b', group: 'b', status: 'queued' },
      ],
      40,
    )
    expect(l.bars).toHaveLength(1)
    expect(l.bars[0]).toMatchObject({ left: 0, width: 1, durationMs: undefined })
  })

  it('keeps instant instances visible', () => {
    const l = layoutTimeline(
      [
        { name: 'a', group: 'a', status: 'ok', startedAt: 0, endedAt: 0 },
        { name: 'b', group: 'b', status: 'ok', startedAt: 0, endedAt: 1000 },
      ],
      0,
    )
    expect(l.bars[0]?.width).toBe(MIN_WIDTH)
  })

  it('caps the rows and counts the hidden ones', () => {
    const items = Array.from({ length: 10 }, (_, i) => ({
      name: `m-${i + 1}`,
      group: 'm',
      status: 'ok',
      startedAt: i,
      endedAt: i + 1,
    }))
    const l = layoutTimeline(items, 0, 4)
    expect(l.bars.map((b) => b.name)).toEqual(['m-1', 'm-2', 'm-3', 'm-4'])
    expect(l.hidden).toBe(6)
  })

  it('is empty before anything started', () => {
    expect(layoutTimeline([{ name: 'a', group: 'a', status: 'queued' }], 5)).toEqual({
      bars: [],
      hidden: 0,
      spanMs: 0,
      ticks: [],
    })
  })
})

describe('ticks', () => {
  it('uses round steps', () => {
    expect(ticks(100).map((t) => t.label)).toEqual([
      '0',
      '20 ms',
      '40 ms',
      '60 ms',
      '80 ms',
      '100 ms',
    ])
    expect(ticks(3000).map((t) => t.label)).toEqual(['0', '1.00 s', '2.00 s', '3.00 s'])
  })
})

describe('formatMs', () => {
  it('formats by magnitude', () => {
    expect(formatMs(0.5)).toBe('0.50 ms')
    expect(formatMs(12.4)).toBe('12 ms')
    expect(formatMs(1500)).toBe('1.50 s')
    expect(formatMs(25_000)).toBe('25.0 s')
  })
})
