import { describe, expect, it } from 'vitest'
import { HybridSpool } from './hybridSpool.ts'

const bytes = (n: number, v = 1): Uint8Array => new Uint8Array(n).fill(v)

describe('HybridSpool', () => {
  it('keeps small entries in memory and spills past the budget', async () => {
    const s = new HybridSpool(10)
    await s.put('a', bytes(6, 1))
    await s.put('b', bytes(6, 2))
    expect(s.inMemory).toBe(6)
    expect(await s.get('a')).toEqual(bytes(6, 1))
    expect(await s.get('b')).toEqual(bytes(6, 2))
    await s.put('a', bytes(3, 3))
    expect(s.inMemory).toBe(3)
    expect(await s.get('a')).toEqual(bytes(3, 3))
    await s.delete('b')
    expect(await s.get('b')).toEqual(new Uint8Array(0))
    expect(await s.get('missing')).toEqual(new Uint8Array(0))
    await s.close()
    expect(s.inMemory).toBe(0)
  })
})
