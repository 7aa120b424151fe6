import { describe, expect, it } from 'vitest'
import type { ChannelSink } from './hostIo.ts'
import { PIPE_HEAD_BYTES, PipeTap } from './pipeTap.ts'

describe('PipeTap', () => {
  it('passes every write on, counts the bytes and keeps only the first of them', async () => {
    const seen: [number, number][] = []
    let ended = false
    const sink: ChannelSink = {
      write: async (at, chunk) => void seen.push([at, chunk.length]),
      end: () => void (ended = true),
    }
    const tap = new PipeTap(sink)
    const big = new Uint8Array(1000).fill(120)
    await tap.write(0, new TextEncoder().encode('first line\n'))
    await tap.write(11, big)
    tap.end()
    expect(seen).toEqual([
      [0, 11],
      [11, 1000],
    ])
    expect(ended).toBe(true)
    expect(tap.bytes).toBe(1011)
    const head = new TextDecoder().decode(tap.head())
    expect(head).toHaveLength(PIPE_HEAD_BYTES)
    expect(head.startsWith('first line\nxxx')).toBe(true)
  })
})
