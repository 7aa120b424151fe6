import { getObject, MemoryStore, putObject } from '@zerolab/runtime'
import { describe, expect, it } from 'vitest'
import { LOCAL_ACCOUNT, guessType, seedSamples } from './seedSamples.ts'

const memStorage = () => {
  const m = new Map<string, string>()
  return {
    getItem: (k: string) => m.get(k) ?? null,
    setItem: (k: string, v: string) => void m.set(k, v),
  }
}

describe('seedSamples', () => {
  it('seeds once per version and never overwrites', async () => {
    const store = new MemoryStore()
    const storage = memStorage()
    const samples = [
      { container: 'books', name: 'a.txt', data: 'alpha' },
      { container: 'books', name: 'b.bin', data: new Uint8Array([0, 1]) },
    ]
    expect(await seedSamples(store, samples, { version: '1', storage })).toBe(2)
    expect((await store.head(LOCAL_ACCOUNT, 'books', 'a.txt'))?.contentType).toBe('text/plain')
    await putObject(store, `${LOCAL_ACCOUNT}/books/a.txt`, 'edited')
    await store.delete(LOCAL_ACCOUNT, 'books', 'b.bin')
    expect(await seedSamples(store, samples, { version: '1', storage })).toBe(0)
    expect(await seedSamples(store, samples, { version: '2', storage })).toBe(1)
    const a = await getObject(store, `${LOCAL_ACCOUNT}/books/a.txt`)
    expect(new TextDecoder().decode(a?.data)).toBe('edited')
  })

  it('guesses content types from extensions', () => {
    expect(guessType('x.wasm')).toBe('application/wasm')
    expect(guessType('README')).toBe('application/octet-stream')
  })
})
