/** Seeded PRNG (sfc32) keyed by (job seed, instance name): deterministic "randomness" for guests. */

function hash32(s: string, h: number): number {
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i)
    h = Math.imul(h, 0x01000193)
  }
  return h >>> 0
}

export class Prng {
  private a: number
  private b: number
  private c: number
  private d: number

  constructor(seed: string, name: string) {
    const key = `${seed}\u0000${name}`
    this.a = hash32(key, 0x811c9dc5)
    this.b = hash32(key, 0x9e3779b9)
    this.c = hash32(key, 0x85ebca6b)
    this.d = 1
    for (let i = 0; i < 15; i++) this.nextU32()
  }

  nextU32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0
    this.d = (this.d + 1) | 0
    this.a = this.b ^ (this.b >>> 9)
    this.b = (this.c + (this.c << 3)) | 0
    this.c = (this.c << 21) | (this.c >>> 11)
    this.c = (this.c + t) | 0
    return t >>> 0
  }

  /** A float in [0, 1), like Math.random. */
  nextFloat(): number {
    return this.nextU32() / 2 ** 32
  }

  fill(buf: Uint8Array): void {
    for (let i = 0; i < buf.length; i += 4) {
      let v = this.nextU32()
      for (let j = 0; j < 4 && i + j < buf.length; j++) {
        buf[i + j] = v & 0xff
        v >>>= 8
      }
    }
  }
}
