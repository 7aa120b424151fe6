import { ZeroLabError } from '@zerolab/shared'
import { closeSync, read, readSync } from 'node:fs'
import { promisify } from 'node:util'

const readAsync = promisify(read)
const CHUNK = 256 * 1024
/**
 * A response body up to this size is read into one buffer (one read, one socket write with the
 * headers) instead of streamed chunk by chunk; so at most this much memory per request.
 */
export const ONE_READ_MAX = 1024 * 1024

/** A stretch of stored bytes: `size` bytes from `offset` of an inline buffer or a file. */
export interface BodyPart {
  size: number
  offset: number
  inline?: Buffer | undefined
  /** An open file descriptor (plain objects: opened with the row, so a replace cannot unlink it). */
  fd?: number | undefined
  /** Opens the file when first read (segments); throws a ZeroLabError when it is gone or changed. */
  open?: (() => number) | undefined
}

/**
 * The bytes of an object: one part for a plain object, one per segment for a DLO/SLO. Reads
 * stream in 256 KiB chunks, opening segment files only when reached, so a 10,000-segment
 * object costs a few file descriptors and a few hundred KiB, whatever its size.
 */
export class ObjectBody {
  readonly size: number
  private closed = false

  constructor(private readonly parts: BodyPart[]) {
    this.size = parts.reduce((n, p) => n + p.size, 0)
  }

  /** Bytes `start`..`end` (inclusive, as HTTP ranges). */
  async *read(start = 0, end = this.size - 1): AsyncGenerator<Uint8Array> {
    let base = 0
    for (const p of this.parts) {
      const from = Math.max(start, base)
      const to = Math.min(end, base + p.size - 1)
      base += p.size
      if (from > to) continue
      yield* this.readPart(p, from - (base - p.size) + p.offset, to - from + 1)
    }
  }

  private async *readPart(p: BodyPart, pos: number, len: number): AsyncGenerator<Uint8Array> {
    if (this.closed) throw new ZeroLabError('CANCELLED', 'body closed')
    if (p.inline) {
      yield p.inline.subarray(pos, pos + len)
      return
    }
    if (p.fd === undefined) {
      if (!p.open) throw new ZeroLabError('INTERNAL', 'part without bytes')
      p.fd = p.open()
    }
    const fd = p.fd
    let done = 0
    while (done < len) {
      const n = Math.min(CHUNK, len - done)
      const buf = Buffer.allocUnsafe(n)
      const { bytesRead } = await readAsync(fd, buf, 0, n, pos + done)
      if (bytesRead === 0) throw new ZeroLabError('CONFLICT', 'object data ended early')
      done += bytesRead
      yield buf.subarray(0, bytesRead)
    }
    // A segment is read once per range; free its descriptor as soon as it is done.
    if (p.open) {
      closeSync(fd)
      p.fd = undefined
    }
  }

  /**
   * Bytes `start`..`end` (inclusive) in one buffer, read with one positional read per part:
   * for a body of at most ONE_READ_MAX bytes (a larger one is refused).
   */
  async slice(start: number, end: number): Promise<Uint8Array> {
    const len = end - start + 1
    if (len > ONE_READ_MAX) throw new ZeroLabError('INTERNAL', `slice of ${len} bytes`)
    const p = this.parts[0]
    if (this.parts.length === 1 && p && !this.closed) {
      const pos = p.offset + start
      if (p.inline) return p.inline.subarray(pos, pos + len)
      if (p.fd !== undefined) {
        const buf = Buffer.allocUnsafe(len)
        for (let at = 0; at < len;) {
          const { bytesRead } = await readAsync(p.fd, buf, at, len - at, pos + at)
          if (bytesRead === 0) throw new ZeroLabError('CONFLICT', 'object data ended early')
          at += bytesRead
        }
        return buf
      }
    }
    const buf = Buffer.allocUnsafe(len)
    let n = 0
    for await (const chunk of this.read(start, end)) {
      buf.set(chunk, n)
      n += chunk.byteLength
    }
    return buf
  }

  /**
   * Copies up to `into.length` bytes from `offset` into `into` (a positional read for the
   * engine's ObjectReader); 0 at the end.
   */
  async readInto(offset: number, into: Uint8Array): Promise<number> {
    const want = Math.min(into.length, this.size - offset)
    if (want <= 0) return 0
    // Within one plain part of a file: straight into `into` (one read, no buffer).
    const one = this.parts.length === 1 ? this.parts[0]! : undefined
    if (one && !one.inline && one.fd !== undefined && !this.closed) {
      let n = 0
      while (n < want) {
        const { bytesRead } = await readAsync(one.fd, into, n, want - n, one.offset + offset + n)
        if (bytesRead === 0) throw new ZeroLabError('CONFLICT', 'object data ended early')
        n += bytesRead
      }
      return n
    }
    let n = 0
    for await (const chunk of this.read(offset, offset + want - 1)) {
      into.set(chunk, n)
      n += chunk.byteLength
    }
    return n
  }

  /**
   * A plain (one-part) body's bytes read at once, synchronously, closing the body: three system
   * calls in one tick for a small program or input. Undefined for a segmented body.
   */
  wholeSync(): Uint8Array | undefined {
    if (this.parts.length > 1) return undefined
    const p = this.parts[0]
    if (!p) return new Uint8Array(0)
    if (p.inline) return p.inline.subarray(p.offset, p.offset + p.size)
    if (p.fd === undefined) return undefined
    try {
      const data = new Uint8Array(p.size)
      for (let at = 0; at < p.size;) {
        const n = readSync(p.fd, data, at, p.size - at, p.offset + at)
        if (n === 0) throw new ZeroLabError('CONFLICT', 'object data ended early')
        at += n
      }
      return data
    } finally {
      this.close()
    }
  }

  /** The whole body in memory (small objects: exec stdin, manifests). */
  async bytes(max: number): Promise<Buffer> {
    if (this.size > max) throw new ZeroLabError('PAYLOAD_TOO_LARGE', `larger than ${max} bytes`)
    const chunks: Uint8Array[] = []
    for await (const c of this.read()) chunks.push(c)
    return Buffer.concat(chunks, this.size)
  }

  close(): void {
    this.closed = true
    for (const p of this.parts) {
      if (p.fd !== undefined) closeSync(p.fd)
      p.fd = undefined
    }
  }
}
