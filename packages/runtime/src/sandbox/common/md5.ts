/**
 * Incremental MD5 (RFC 1321) in plain TypeScript, so ETags are computed the same everywhere
 * (browser and server, inside the guest's worker). The 64 steps are unrolled and whole blocks
 * are read as little-endian 32-bit words straight from the caller's bytes when they are
 * 4-byte aligned (through an aligned scratch copy when not): several times faster than a
 * looped, byte-assembling version, which mattered because every written channel is hashed
 * on the guest's own thread.
 */

const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1
/** Aligned scratch for unaligned input, in whole blocks. */
const SCRATCH_BYTES = 64 * 1024

export class Md5 {
  private h0 = 0x67452301
  private h1 = 0xefcdab89 | 0
  private h2 = 0x98badcfe | 0
  private h3 = 0x10325476
  private readonly block = new Uint8Array(64)
  private readonly blockWords = new Int32Array(this.block.buffer)
  private scratch: Uint8Array | undefined
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
      this.blocks(this.wordsOf(this.block, 0, 64), 0, 1)
      this.blockLen = 0
    }
    const whole = (data.length - off) & ~63
    if (whole > 0) this.feed(data, off, whole)
    off += whole
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

  /** Hashes `len` bytes (whole blocks) of `data` from `off`. */
  private feed(data: Uint8Array, off: number, len: number): void {
    if (LITTLE_ENDIAN && ((data.byteOffset + off) & 3) === 0) {
      const w = new Int32Array(data.buffer, data.byteOffset + off, len >>> 2)
      this.blocks(w, 0, len >>> 6)
      return
    }
    const scratch = (this.scratch ??= new Uint8Array(SCRATCH_BYTES))
    for (let done = 0; done < len; done += SCRATCH_BYTES) {
      const n = Math.min(SCRATCH_BYTES, len - done)
      scratch.set(data.subarray(off + done, off + done + n))
      this.blocks(this.wordsOf(scratch, 0, n), 0, n >>> 6)
    }
  }

  /** Little-endian words of `bytes` (`len` a multiple of 64) in an aligned Int32Array. */
  private wordsOf(bytes: Uint8Array, off: number, len: number): Int32Array {
    if (LITTLE_ENDIAN) return new Int32Array(bytes.buffer, bytes.byteOffset + off, len >>> 2)
    const w = bytes === this.block ? this.blockWords : new Int32Array(len >>> 2)
    for (let i = 0; i < len >>> 2; i++) {
      const j = off + i * 4
      w[i] = bytes[j]! | (bytes[j + 1]! << 8) | (bytes[j + 2]! << 16) | (bytes[j + 3]! << 24)
    }
    return w
  }

  /** The compression function over `count` blocks of words from `wi`. */
  private blocks(w: Int32Array, wi: number, count: number): void {
    let a = this.h0
    let b = this.h1
    let c = this.h2
    let d = this.h3
    for (let k = 0; k < count; k++, wi += 16) {
      const aa = a
      const bb = b
      const cc = c
      const dd = d
      const x0 = w[wi]!
      const x1 = w[wi + 1]!
      const x2 = w[wi + 2]!
      const x3 = w[wi + 3]!
      const x4 = w[wi + 4]!
      const x5 = w[wi + 5]!
      const x6 = w[wi + 6]!
      const x7 = w[wi + 7]!
      const x8 = w[wi + 8]!
      const x9 = w[wi + 9]!
      const x10 = w[wi + 10]!
      const x11 = w[wi + 11]!
      const x12 = w[wi + 12]!
      const x13 = w[wi + 13]!
      const x14 = w[wi + 14]!
      const x15 = w[wi + 15]!
      let t: number
      t = (a + ((b & c) | (~b & d)) + x0 + -680876936) | 0
      a = (b + ((t << 7) | (t >>> 25))) | 0
      t = (d + ((a & b) | (~a & c)) + x1 + -389564586) | 0
      d = (a + ((t << 12) | (t >>> 20))) | 0
      t = (c + ((d & a) | (~d & b)) + x2 + 606105819) | 0
      c = (d + ((t << 17) | (t >>> 15))) | 0
      t = (b + ((c & d) | (~c & a)) + x3 + -1044525330) | 0
      b = (c + ((t << 22) | (t >>> 10))) | 0
      t = (a + ((b & c) | (~b & d)) + x4 + -176418897) | 0
      a = (b + ((t << 7) | (t >>> 25))) | 0
      t = (d + ((a & b) | (~a & c)) + x5 + 1200080426) | 0
      d = (a + ((t << 12) | (t >>> 20))) | 0
      t = (c + ((d & a) | (~d & b)) + x6 + -1473231341) | 0
      c = (d + ((t << 17) | (t >>> 15))) | 0
      t = (b + ((c & d) | (~c & a)) + x7 + -45705983) | 0
      b = (c + ((t << 22) | (t >>> 10))) | 0
      t = (a + ((b & c) | (~b & d)) + x8 + 1770035416) | 0
      a = (b + ((t << 7) | (t >>> 25))) | 0
      t = (d + ((a & b) | (~a & c)) + x9 + -1958414417) | 0
      d = (a + ((t << 12) | (t >>> 20))) | 0
      t = (c + ((d & a) | (~d & b)) + x10 + -42063) | 0
      c = (d + ((t << 17) | (t >>> 15))) | 0
      t = (b + ((c & d) | (~c & a)) + x11 + -1990404162) | 0
      b = (c + ((t << 22) | (t >>> 10))) | 0
      t = (a + ((b & c) | (~b & d)) + x12 + 1804603682) | 0
      a = (b + ((t << 7) | (t >>> 25))) | 0
      t = (d + ((a & b) | (~a & c)) + x13 + -40341101) | 0
      d = (a + ((t << 12) | (t >>> 20))) | 0
      t = (c + ((d & a) | (~d & b)) + x14 + -1502002290) | 0
      c = (d + ((t << 17) | (t >>> 15))) | 0
      t = (b + ((c & d) | (~c & a)) + x15 + 1236535329) | 0
      b = (c + ((t << 22) | (t >>> 10))) | 0
      t = (a + ((d & b) | (~d & c)) + x1 + -165796510) | 0
      a = (b + ((t << 5) | (t >>> 27))) | 0
      t = (d + ((c & a) | (~c & b)) + x6 + -1069501632) | 0
      d = (a + ((t << 9) | (t >>> 23))) | 0
      t = (c + ((b & d) | (~b & a)) + x11 + 643717713) | 0
      c = (d + ((t << 14) | (t >>> 18))) | 0
      t = (b + ((a & c) | (~a & d)) + x0 + -373897302) | 0
      b = (c + ((t << 20) | (t >>> 12))) | 0
      t = (a + ((d & b) | (~d & c)) + x5 + -701558691) | 0
      a = (b + ((t << 5) | (t >>> 27))) | 0
      t = (d + ((c & a) | (~c & b)) + x10 + 38016083) | 0
      d = (a + ((t << 9) | (t >>> 23))) | 0
      t = (c + ((b & d) | (~b & a)) + x15 + -660478335) | 0
      c = (d + ((t << 14) | (t >>> 18))) | 0
      t = (b + ((a & c) | (~a & d)) + x4 + -405537848) | 0
      b = (c + ((t << 20) | (t >>> 12))) | 0
      t = (a + ((d & b) | (~d & c)) + x9 + 568446438) | 0
      a = (b + ((t << 5) | (t >>> 27))) | 0
      t = (d + ((c & a) | (~c & b)) + x14 + -1019803690) | 0
      d = (a + ((t << 9) | (t >>> 23))) | 0
      t = (c + ((b & d) | (~b & a)) + x3 + -187363961) | 0
      c = (d + ((t << 14) | (t >>> 18))) | 0
      t = (b + ((a & c) | (~a & d)) + x8 + 1163531501) | 0
      b = (c + ((t << 20) | (t >>> 12))) | 0
      t = (a + ((d & b) | (~d & c)) + x13 + -1444681467) | 0
      a = (b + ((t << 5) | (t >>> 27))) | 0
      t = (d + ((c & a) | (~c & b)) + x2 + -51403784) | 0
      d = (a + ((t << 9) | (t >>> 23))) | 0
      t = (c + ((b & d) | (~b & a)) + x7 + 1735328473) | 0
      c = (d + ((t << 14) | (t >>> 18))) | 0
      t = (b + ((a & c) | (~a & d)) + x12 + -1926607734) | 0
      b = (c + ((t << 20) | (t >>> 12))) | 0
      t = (a + (b ^ c ^ d) + x5 + -378558) | 0
      a = (b + ((t << 4) | (t >>> 28))) | 0
      t = (d + (a ^ b ^ c) + x8 + -2022574463) | 0
      d = (a + ((t << 11) | (t >>> 21))) | 0
      t = (c + (d ^ a ^ b) + x11 + 1839030562) | 0
      c = (d + ((t << 16) | (t >>> 16))) | 0
      t = (b + (c ^ d ^ a) + x14 + -35309556) | 0
      b = (c + ((t << 23) | (t >>> 9))) | 0
      t = (a + (b ^ c ^ d) + x1 + -1530992060) | 0
      a = (b + ((t << 4) | (t >>> 28))) | 0
      t = (d + (a ^ b ^ c) + x4 + 1272893353) | 0
      d = (a + ((t << 11) | (t >>> 21))) | 0
      t = (c + (d ^ a ^ b) + x7 + -155497632) | 0
      c = (d + ((t << 16) | (t >>> 16))) | 0
      t = (b + (c ^ d ^ a) + x10 + -1094730640) | 0
      b = (c + ((t << 23) | (t >>> 9))) | 0
      t = (a + (b ^ c ^ d) + x13 + 681279174) | 0
      a = (b + ((t << 4) | (t >>> 28))) | 0
      t = (d + (a ^ b ^ c) + x0 + -358537222) | 0
      d = (a + ((t << 11) | (t >>> 21))) | 0
      t = (c + (d ^ a ^ b) + x3 + -722521979) | 0
      c = (d + ((t << 16) | (t >>> 16))) | 0
      t = (b + (c ^ d ^ a) + x6 + 76029189) | 0
      b = (c + ((t << 23) | (t >>> 9))) | 0
      t = (a + (b ^ c ^ d) + x9 + -640364487) | 0
      a = (b + ((t << 4) | (t >>> 28))) | 0
      t = (d + (a ^ b ^ c) + x12 + -421815835) | 0
      d = (a + ((t << 11) | (t >>> 21))) | 0
      t = (c + (d ^ a ^ b) + x15 + 530742520) | 0
      c = (d + ((t << 16) | (t >>> 16))) | 0
      t = (b + (c ^ d ^ a) + x2 + -995338651) | 0
      b = (c + ((t << 23) | (t >>> 9))) | 0
      t = (a + (c ^ (b | ~d)) + x0 + -198630844) | 0
      a = (b + ((t << 6) | (t >>> 26))) | 0
      t = (d + (b ^ (a | ~c)) + x7 + 1126891415) | 0
      d = (a + ((t << 10) | (t >>> 22))) | 0
      t = (c + (a ^ (d | ~b)) + x14 + -1416354905) | 0
      c = (d + ((t << 15) | (t >>> 17))) | 0
      t = (b + (d ^ (c | ~a)) + x5 + -57434055) | 0
      b = (c + ((t << 21) | (t >>> 11))) | 0
      t = (a + (c ^ (b | ~d)) + x12 + 1700485571) | 0
      a = (b + ((t << 6) | (t >>> 26))) | 0
      t = (d + (b ^ (a | ~c)) + x3 + -1894986606) | 0
      d = (a + ((t << 10) | (t >>> 22))) | 0
      t = (c + (a ^ (d | ~b)) + x10 + -1051523) | 0
      c = (d + ((t << 15) | (t >>> 17))) | 0
      t = (b + (d ^ (c | ~a)) + x1 + -2054922799) | 0
      b = (c + ((t << 21) | (t >>> 11))) | 0
      t = (a + (c ^ (b | ~d)) + x8 + 1873313359) | 0
      a = (b + ((t << 6) | (t >>> 26))) | 0
      t = (d + (b ^ (a | ~c)) + x15 + -30611744) | 0
      d = (a + ((t << 10) | (t >>> 22))) | 0
      t = (c + (a ^ (d | ~b)) + x6 + -1560198380) | 0
      c = (d + ((t << 15) | (t >>> 17))) | 0
      t = (b + (d ^ (c | ~a)) + x13 + 1309151649) | 0
      b = (c + ((t << 21) | (t >>> 11))) | 0
      t = (a + (c ^ (b | ~d)) + x4 + -145523070) | 0
      a = (b + ((t << 6) | (t >>> 26))) | 0
      t = (d + (b ^ (a | ~c)) + x11 + -1120210379) | 0
      d = (a + ((t << 10) | (t >>> 22))) | 0
      t = (c + (a ^ (d | ~b)) + x2 + 718787259) | 0
      c = (d + ((t << 15) | (t >>> 17))) | 0
      t = (b + (d ^ (c | ~a)) + x9 + -343485551) | 0
      b = (c + ((t << 21) | (t >>> 11))) | 0
      a = (a + aa) | 0
      b = (b + bb) | 0
      c = (c + cc) | 0
      d = (d + dd) | 0
    }
    this.h0 = a
    this.h1 = b
    this.h2 = c
    this.h3 = d
  }
}

/** An incremental MD5 (this file's, or the platform's: node:crypto on Node). */
export interface Md5Hasher {
  update(data: Uint8Array): unknown
  digestHex(): string
}

let platformMd5: () => Md5Hasher = () => new Md5()

/**
 * The fastest MD5 the platform has, for the engine's hashing of streamed outputs (identical
 * digests): node:crypto once the Node adapters are loaded (`useMd5`), this one elsewhere.
 */
export function md5Hasher(): Md5Hasher {
  return platformMd5()
}

export function useMd5(factory: () => Md5Hasher): void {
  platformMd5 = factory
}

export function md5Hex(data: Uint8Array | string): string {
  const bytes = typeof data === 'string' ? new TextEncoder().encode(data) : data
  return new Md5().update(bytes).digestHex()
}
