import type { ChannelSpec } from '@zerolab/shared'
import { FLAG, IO_ERR, OP, REPLY_BYTES, RING_HEADER, WAIT_KIND } from '../../io/layout.ts'
import { Ring, type WakeTarget } from '../../io/ring.ts'
import type { WorkerIo } from '../../io/workerIo.ts'

/**
 * Where a channel's bytes come from or go to inside the worker. Counts and limits live in
 * Channel; a backend only moves bytes. Results are byte counts, or a negative IO_ERR.
 */
export interface Backend {
  /** Positional reads are allowed and `size` is the object's size. */
  readonly seekable: boolean
  /** Object size (seekable inputs), bytes written so far (outputs), else bytes read so far. */
  size(): number
  /** Sequential read: blocks until at least one byte or the end; 0 = end of data. */
  read(target: Uint8Array, at: number, max: number): number
  readAt(target: Uint8Array, at: number, max: number, offset: number): number
  /** Appends all `len` bytes (blocking while the other side catches up). */
  write(src: Uint8Array, at: number, len: number): number
  writeAt(src: Uint8Array, at: number, len: number, offset: number): number
  /** The instance ended: no more reads or writes. */
  close(): void
  /** Bytes written (inline outputs only). */
  output?(): Uint8Array
}

/** Bytes given in the spec (tests, inline runs): reads never block, writes are collected. */
export class InlineBackend implements Backend {
  readonly seekable = true
  private readonly data: Uint8Array
  private buf = new Uint8Array(0)
  private len = 0
  private pos = 0

  constructor(data: Uint8Array | undefined) {
    this.data = data ?? new Uint8Array(0)
  }

  size(): number {
    return this.data.length > 0 ? this.data.length : this.len
  }

  read(target: Uint8Array, at: number, max: number): number {
    const n = this.readAt(target, at, max, this.pos)
    this.pos += n
    return n
  }

  readAt(target: Uint8Array, at: number, max: number, offset: number): number {
    const start = Math.min(offset, this.data.length)
    const n = Math.min(max, this.data.length - start)
    target.set(this.data.subarray(start, start + n), at)
    return n
  }

  write(src: Uint8Array, at: number, len: number): number {
    return this.writeAt(src, at, len, this.len)
  }

  writeAt(src: Uint8Array, at: number, len: number, offset: number): number {
    const end = offset + len
    if (end > this.buf.length) {
      let cap = Math.max(4096, this.buf.length * 2)
      while (cap < end) cap *= 2
      const next = new Uint8Array(cap)
      next.set(this.buf.subarray(0, this.len))
      this.buf = next
    }
    this.buf.set(src.subarray(at, at + len), offset)
    this.len = Math.max(this.len, end)
    return len
  }

  close(): void {}

  output(): Uint8Array {
    return this.buf.subarray(0, this.len)
  }
}

/**
 * A channel on a shared ring with the host on the other end (it fills the ring from the
 * store, a spool or a peer, or drains it to them). Reads block while the ring is empty,
 * writes while it is full. Positional access goes through the request slot (objects).
 */
export class RingBackend implements Backend {
  readonly seekable: boolean
  private readonly ring: Ring
  private readonly host: WakeTarget
  private readonly declared: number
  private done = 0
  private readonly waits: number[]

  constructor(
    private readonly index: number,
    spec: ChannelSpec,
    ring: SharedArrayBuffer,
    private readonly worker: WorkerIo,
  ) {
    this.ring = new Ring(ring, 0, ring.byteLength - RING_HEADER)
    this.host = worker.host
    this.seekable = spec.seekable === true
    this.declared = spec.size ?? 0
    const kind = spec.mode === 'read' ? WAIT_KIND.READ : WAIT_KIND.WRITE
    this.waits = [(index << 2) | kind]
    // Output the host drains: let it see small amounts before this worker sleeps.
    if (spec.mode === 'write') worker.flushers.push(() => this.ring.flush(this.host))
  }

  size(): number {
    return this.seekable && this.declared > 0 ? Math.max(this.declared, this.done) : this.done
  }

  read(target: Uint8Array, at: number, max: number): number {
    if (max === 0) return 0
    const ring = this.ring
    if (ring.available() === 0 && !ring.drained()) {
      this.worker.block(
        this.waits,
        () => ring.wantData(1),
        () => ring.available() > 0 || ring.drained(),
      )
    }
    const n = ring.readTo(target, at, max, this.host)
    if (n === 0 && (ring.flags() & FLAG.ERROR) !== 0) return ring.error() || IO_ERR.IO
    this.done += n
    return n
  }

  readAt(target: Uint8Array, at: number, max: number, offset: number): number {
    if (!this.seekable) return IO_ERR.SPIPE
    return remoteRead(this.worker, this.index, { target, at, max, offset })
  }

  write(src: Uint8Array, at: number, len: number): number {
    const ring = this.ring
    for (let done = 0; done < len;) {
      if (ring.readerClosed()) break // nobody reads it any more: accepted and dropped
      const n = ring.writeFrom(src, at + done, len - done, this.host)
      done += n
      if (n === 0) {
        const want = Math.min(len - done, ring.cap >>> 1)
        this.worker.block(
          this.waits,
          () => ring.wantSpace(want),
          () => ring.free() >= want || ring.readerClosed(),
        )
      }
    }
    this.done += len
    return len
  }

  writeAt(src: Uint8Array, at: number, len: number, offset: number): number {
    if (!this.seekable) return IO_ERR.SPIPE
    // The host drains the ring into the object before it applies the positional write.
    const r = remoteWrite(this.worker, this.index, { src, at, len, offset })
    if (r >= 0) this.done = Math.max(this.done, offset + len)
    return r
  }

  close(): void {
    if (this.waits[0]! % 4 === WAIT_KIND.READ) this.ring.closeReader(this.host)
    else this.ring.closeWriter(this.host)
  }
}

/** A channel served through the request slot: no ring of its own (an instance with many). */
export class RemoteBackend implements Backend {
  readonly seekable: boolean
  private readonly declared: number
  private done = 0

  constructor(
    private readonly index: number,
    spec: ChannelSpec,
    private readonly worker: WorkerIo,
  ) {
    this.seekable = spec.seekable === true
    this.declared = spec.size ?? 0
  }

  size(): number {
    return this.seekable && this.declared > 0 ? Math.max(this.declared, this.done) : this.done
  }

  read(target: Uint8Array, at: number, max: number): number {
    const n = remoteRead(this.worker, this.index, { target, at, max })
    if (n > 0) this.done += n
    return n
  }

  readAt(target: Uint8Array, at: number, max: number, offset: number): number {
    if (!this.seekable) return IO_ERR.SPIPE
    return remoteRead(this.worker, this.index, { target, at, max, offset })
  }

  write(src: Uint8Array, at: number, len: number): number {
    const r = remoteWrite(this.worker, this.index, { src, at, len })
    if (r >= 0) this.done += len
    return r
  }

  writeAt(src: Uint8Array, at: number, len: number, offset: number): number {
    if (!this.seekable) return IO_ERR.SPIPE
    const r = remoteWrite(this.worker, this.index, { src, at, len, offset })
    if (r >= 0) this.done = Math.max(this.done, offset + len)
    return r
  }

  close(): void {}
}

function remoteRead(
  w: WorkerIo,
  ch: number,
  o: { target: Uint8Array; at: number; max: number; offset?: number },
): number {
  const want = Math.min(o.max, REPLY_BYTES)
  if (want === 0) return 0
  const n = w.request(OP.READ, ch, want, o.offset)
  if (n > 0) o.target.set(w.area.subarray(0, n), o.at)
  return n
}

function remoteWrite(
  w: WorkerIo,
  ch: number,
  o: { src: Uint8Array; at: number; len: number; offset?: number },
): number {
  for (let done = 0; done < o.len;) {
    const n = Math.min(o.len - done, REPLY_BYTES)
    w.area.set(o.src.subarray(o.at + done, o.at + done + n))
    const offset = o.offset === undefined ? undefined : o.offset + done
    const r = w.request(OP.WRITE, ch, n, offset)
    if (r < 0) return r
    done += n
  }
  return o.len
}
