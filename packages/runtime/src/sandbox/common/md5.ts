/** Incremental MD5 (RFC 1321) in plain TypeScript, so ETags are computed the same everywhere. */

const S = [7, 12, 17, 22, 5, 9, 14, 20, 4, 11, 16, 23, 6, 10, 15, 21]
const K = new Int32Array(64)
for (let i = 0; i < 64; i++) K[i] = Math.floor(Math.abs(Math.sin(i + 1)) * 2 ** 32) | 0

export class Md5 {
  private h0 = 0x67452301
  private h1 = 0xefcdab89 | 0
  private h2 = 0x98badcfe | 0
  private h3 = 0x10325476
  private readonly block = new Uint8Array(64)
  private readonly words = new Int32Array(16)
  private blockLen = 0
  private total = 0

  update(data: Uint8Array): this {
    let off = 0
    this.total += data.length
    if (this.blockLen > 0) {
      const take = Math.min(64 - this.blockLen, data.length)
      this.block.set(data.subarray(0, take), this.blockLen)
      this.blockLen += take
      off = take
      if (this.blockLen < 64) return this
      this.compress(this.block, 0)
      this.blockLen = 0
    }
    while (off + 64 <= data.length) {
      this.compress(data, off)
      off += 64
    }
    if (off < data.length) {
      this.block.set(data.subarray(off), 0)
      this.blockLen = data.length - off
    }
    return this
  }

  digestHex(): string {
    const bits = this.total * 8
    const pad = new Uint8Array(this.blockLen < 56 ? 64 - this.blockLen : 128 - this.blockLen)
    pad[0] = 0x80
    const lo = bits >>> 0
    const hi = Math.floor(bits / 2 ** 32) >>> 0
    const n = pad.length
    for (let i = 0; i < 4; i++) {
      pad[n - 8 + i] = (lo >>> (8 * i)) & 0xff
      pad[n - 4 + i] = (hi >>> (8 * i)) & 0xff
    }
    this.update(pad)
    let out = ''
    for (const h of [this.h0, this.h1, this.h2, this.h3]) {
      for (let i = 0; i < 4; i++) out += ((h >>> (8 * i)) & 0xff).toString(16).padStart(2, '0')
    }
    return out
  }

  private compress(b: Uint8Array, off: number): void {
    const w = this.words
    for (let i = 0; i < 16; i++) {
      const j = off + i * 4
      w[i] = b[j]! | (b[j + 1]! << 8) | (b[j + 2]! << 16) | (b[j + 3]! << 24)
    }
    let a = this.h0
    let bb = this.h1
    let c = this.h2
    let d = this.h3
    for (let i = 0; i < 64; i++) {
      let f: number
      let g: number
      if (i < 16) {
        f = (bb & c) | (~bb & d)
        g = i
      } else if (i < 32) {
        f = (d & bb) | (~d & c)
        g = (5 * i + 1) & 15
      } else if (i < 48) {
        f = bb ^ c ^ d
        g = (3 * i + 5) & 15
      } else {
        f = c ^ (bb | ~d)
        g = (7 * i) & 15
      }
      const s = S[(i >> 4) * 4 + (i & 3)]!
      const t = (a + f + K[i]! + w[g]!) | 0
      a = d
      d = c
      c = bb
      bb = (bb + ((t << s) | (t >>> (32 - s)))) | 0
    }
    this.h0 = (this.h0 + a) | 0
    this.h1 = (this.h1 + bb) | 0
    this.h2 = (this.h2 + c) | 0
    this.h3 = (this.h3 + d) | 0
  }
}

export function md5Hex(data: Uint8Array | string): string {
  const bytes = typeof data === 'string' ? new TextEncoder().encode(data) : data
  return new Md5().update(bytes).digestHex()
}
