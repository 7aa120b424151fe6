import { describe, expect, it } from 'vitest'
import { md5Hex } from '../sandbox/common/md5.ts'
import { getObject, putObject } from '../store/objectIo.ts'
import type { ObjectStore } from '../store/objectStore.ts'

const enc = new TextEncoder()
const text = (b: Uint8Array | undefined): string => new TextDecoder().decode(b)

/**
 * The behaviour every ObjectStore implementation shares. Call it from a test file with a
 * factory that returns an empty store the caller owns (account `acct` must be writable).
 */
export function objectStoreContract(name: string, make: () => Promise<ObjectStore>): void {
  describe(`${name} (ObjectStore contract)`, () => {
    it('puts, heads, lists by prefix and deletes', async () => {
      const s = await make()
      const info = await putObject(s, 'acct/c/a/b.txt', 'hello world', {
        contentType: 'text/x',
        meta: { k: 'v' },
      })
      expect(info).toMatchObject({ name: 'a/b.txt', bytes: 11, etag: md5Hex('hello world') })
      await putObject(s, 'acct/c/z.bin', 'z')
      expect((await s.list('acct', 'c')).map((o) => o.name)).toEqual(['a/b.txt', 'z.bin'])
      expect((await s.list('acct', 'c', { prefix: 'a/' })).map((o) => o.name)).toEqual(['a/b.txt'])
      expect(await s.listContainers('acct')).toContain('c')
      expect(await s.head('acct', 'c', 'a/b.txt')).toMatchObject({
        contentType: 'text/x',
        meta: { k: 'v' },
        bytes: 11,
      })
      expect(await s.delete('acct', 'c', 'z.bin')).toBe(true)
      expect(await s.head('acct', 'c', 'z.bin')).toBeUndefined()
      expect(await s.open('acct', 'c', 'z.bin')).toBeUndefined()
    })

    it('reads ranges, and nothing past the end, into shared memory too', async () => {
      const s = await make()
      await putObject(s, 'acct/c/o', 'hello world')
      expect(text((await getObject(s, 'acct/c/o', { start: 6, end: 9 }))?.data)).toBe('worl')
      expect(text((await getObject(s, 'acct/c/o', { start: 6 }))?.data)).toBe('world')
      const r = (await s.open('acct', 'c', 'o'))!
      const shared = new Uint8Array(new SharedArrayBuffer(8), 2, 4)
      expect(await r.read(4, shared)).toBe(4)
      expect(text(shared.slice())).toBe('o wo')
      expect(await r.read(11, shared)).toBe(0)
      expect(await r.read(50, shared)).toBe(0)
      await r.close()
    })

    it('shows nothing before commit, nothing after abort, and streams appends', async () => {
      const s = await make()
      const w = await s.create('acct', 'c', 'big', { contentType: 'text/plain' })
      const parts = ['alpha ', 'beta ', 'gamma']
      let at = 0
      for (const p of parts) {
        const chunk = new Uint8Array(new SharedArrayBuffer(p.length))
        chunk.set(enc.encode(p))
        await w.write(at, chunk)
        at += p.length
        chunk.fill(0) // the writer copied it
      }
      expect(w.bytes).toBe(16)
      expect(await s.head('acct', 'c', 'big')).toBeUndefined()
      const info = await w.commit()
      expect(info).toMatchObject({ bytes: 16, etag: md5Hex('alpha beta gamma') })
      expect(text((await getObject(s, 'acct/c/big'))?.data)).toBe('alpha beta gamma')

      const dropped = await s.create('acct', 'c', 'big')
      await dropped.write(0, enc.encode('never'))
      await dropped.abort()
      await dropped.abort()
      expect(text((await getObject(s, 'acct/c/big'))?.data)).toBe('alpha beta gamma')
      const none = await s.create('acct', 'c', 'gone')
      await none.abort()
      expect(await s.head('acct', 'c', 'gone')).toBeUndefined()
    })

    it('takes random writes: gaps read as zeros, the ETag is of the final bytes', async () => {
      const s = await make()
      const w = await s.create('acct', 'c', 'sparse')
      await w.write(4, enc.encode('tail'))
      await w.write(0, enc.encode('he'))
      await w.write(1, enc.encode('E'))
      await w.write(20, new Uint8Array(0)) // writes nothing, extends nothing
      const info = await w.commit()
      const want = new Uint8Array([104, 69, 0, 0, ...enc.encode('tail')])
      expect(info).toMatchObject({ bytes: 8, etag: md5Hex(want) })
      expect((await getObject(s, 'acct/c/sparse'))?.data).toEqual(want)
    })

    it('keeps an open reader on its version while the object is replaced', async () => {
      const s = await make()
      await putObject(s, 'acct/c/v', 'version one')
      const r = (await s.open('acct', 'c', 'v'))!
      await putObject(s, 'acct/c/v', 'v2')
      const buf = new Uint8Array(32)
      const n = await r.read(0, buf)
      expect(text(buf.subarray(0, n))).toBe('version one')
      expect(r.info.etag).toBe(md5Hex('version one'))
      await r.close()
      expect(text((await getObject(s, 'acct/c/v'))?.data)).toBe('v2')
    })

    it('streams an object larger than any single chunk', async () => {
      const s = await make()
      const w = await s.create('acct', 'c', 'many')
      const chunk = new Uint8Array(100_000).map((_, i) => i & 0xff)
      for (let i = 0; i < 30; i++) await w.write(i * chunk.length, chunk)
      const info = await w.commit()
      expect(info.bytes).toBe(3_000_000)
      const r = (await s.open('acct', 'c', 'many'))!
      const got = new Uint8Array(777_777)
      let at = 0
      while (at < got.length) at += await r.read(1_234_567 + at, got.subarray(at))
      await r.close()
      expect(got[0]).toBe((1_234_567 % 100_000) & 0xff)
      expect(got[got.length - 1]).toBe(((1_234_567 + got.length - 1) % 100_000) & 0xff)
    })
  })
}
