import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { Md5, md5Hex } from './md5.ts'

describe('md5', () => {
  it('matches RFC 1321 vectors', () => {
    expect(md5Hex('')).toBe('d41d8cd98f00b204e9800998ecf8427e')
    expect(md5Hex('abc')).toBe('900150983cd24fb0d6963f7d28e17f72')
    expect(md5Hex('message digest')).toBe('f96b697d7cb7938d525a2f31aaf161d0')
  })

  it('matches node:crypto for random data fed in random chunks', () => {
    for (const size of [0, 1, 55, 56, 63, 64, 65, 1000, 100_003]) {
      const data = new Uint8Array(size).map((_, i) => (i * 7919 + size) & 0xff)
      const h = new Md5()
      let off = 0
      while (off < size) {
        const n = Math.min(size - off, 1 + ((off * 31) % 97))
        h.update(data.subarray(off, off + n))
        off += n
      }
      expect(h.digestHex()).toBe(createHash('md5').update(data).digest('hex'))
    }
  })
})
