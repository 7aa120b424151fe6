import type { ChannelSpec, InstanceResult } from '@zerolab/shared'
import {
  C,
  CTL_BYTES,
  CTL_HEADER,
  IO_ERR,
  MAX_WAITS,
  OP,
  REPLY_BYTES,
  RING_HEADER,
  STATE,
} from '../io/layout.ts'
import { Ring, wake, type WakeTarget } from '../io/ring.ts'
import { md5Hasher, type Md5Hasher } from '../sandbox/common/md5.ts'

/** Where a readable channel's bytes come from: an object, a spool entry, a request body. */
export interface ChannelSource {
  /** Copies up to `into.length` bytes from `offset` (`into` may be shared memory); 0 = end. */
  read(offset: number, into: Uint8Array): Promise<number>
  close(): Promise<void>
  /**
   * Reads may overlap: each is positional and fills `into` unless it reaches the end (a file
   * or a local object). The engine then keeps a read in flight ahead of the guest.
   */
  readonly concurrent?: boolean
}

/** Where a writable channel's bytes go: an object being written, a spool entry, a capture. */
export interface ChannelSink {
  /** `chunk` may be shared memory: copy it (or write it out) before resolving. */
  write(offset: number, chunk: Uint8Array): Promise<void>
  /** The guest closed the channel (or ended) and everything it wrote was written. */
  end?(): void
}

/** One channel of an instance as the host serves it, in the order of `InstanceSpec.channels`. */
export interface HostChannel {
  spec: ChannelSpec
  source?: ChannelSource
  sink?: ChannelSink
  /** A large stream (object, pipe, body): a bigger ring. */
  bulk?: boolean
  /** Bytes the source holds, when known: its ring is no larger than needed. */
  size?: number
}

/** Rings per instance; further channels go through the request slot (a reducer's many pipes). */
const MAX_RINGS = 8
/** Ring bytes one instance may have; large streams get 1 MiB rings while it lasts. */
const RING_BUDGET = 4 * 1024 * 1024
const BULK_RING = 1024 * 1024
const SMALL_RING = 64 * 1024
const MIN_RING = 4096
/** Reads kept in flight ahead of the guest on a source that allows overlapping reads. */
const READS_AHEAD = 4

/**
 * Shared buffers by size, kept for reuse (HostIo.recycle); at most SPARE_SHARED each. Their
 * headers are zeroed; the data areas keep old bytes, which no protocol step lets a guest read
 * before the host has written them.
 */
const sharedFree = new Map<number, SharedArrayBuffer[]>()
const SPARE_SHARED = 16

function takeShared(bytes: number): SharedArrayBuffer {
  return sharedFree.get(bytes)?.pop() ?? new SharedArrayBuffer(bytes)
}

function giveShared(buf: SharedArrayBuffer, headerBytes: number): void {
  const list = sharedFree.get(buf.byteLength) ?? []
  if (list.length >= SPARE_SHARED) return
  new Uint8Array(buf, 0, headerBytes).fill(0)
  list.push(buf)
  sharedFree.set(buf.byteLength, list)
}

/** Ring size for a channel: a known input's size rounded up, else by kind; within `left`. */
function ringSize(ch: HostChannel, left: number): number {
  let want = ch.bulk ? BULK_RING : SMALL_RING
  if (ch.size !== undefined) {
    want = MIN_RING
    while (want < ch.size && want < BULK_RING) want *= 2
  }
  let cap = MIN_RING
  while (cap * 2 <= Math.min(want, left)) cap *= 2
  return cap
}
/** Output the host has not seen for this long is drained anyway (live stdout of a slow guest). */
const DRAIN_POLL_MS = 100
/** Fallback wait when the platform has no Atomics.waitAsync (it only bounds latency). */
const POLL_MS = 2

/** True where channels can stream: shared memory exists (a cross-origin isolated page, Node). */
export function canStream(): boolean {
  const g = globalThis as { crossOriginIsolated?: boolean }
  return typeof SharedArrayBuffer === 'function' && g.crossOriginIsolated !== false
}

type WaitAsync = (
  a: Int32Array,
  i: number,
  v: number,
  t?: number,
) => { async: boolean; value: Promise<string> | string }
const waitAsync = (Atomics as unknown as { waitAsync?: WaitAsync }).waitAsync

/** Resolves when `words[index]` is no longer `seen`, or after `ms`. Never blocks the thread. */
function waitChange(words: Int32Array, index: number, seen: number, ms: number): Promise<unknown> {
  if (waitAsync) {
    const r = waitAsync(words, index, seen, ms)
    return r.async ? (r.value as Promise<string>) : Promise.resolve()
  }
  return new Promise((res) => setTimeout(res, Math.min(ms, POLL_MS)))
}

/**
 * The host's end of one streaming instance: its control block and rings, and the pumps that
 * fill readable rings from their sources, drain writable rings into their sinks and answer the
 * worker's requests (positional reads and writes, channels without a ring). Memory is the
 * rings' whatever the data size.
 */
export class HostIo {
  readonly ctl: SharedArrayBuffer
  private recycled = false
  private readonly words: Int32Array
  private readonly area: Uint8Array
  private readonly worker: WakeTarget
  private readonly rings: (Ring | undefined)[] = []
  /** Sequential positions of channels served through the request slot. */
  private readonly seq: number[]
  /** Serializes every write into a channel's sink (ring drain and positional requests). */
  private readonly sinkChain: Promise<void>[]
  /** Append position of each writable channel's sink. */
  private readonly sinkEnd: number[]
  /**
   * MD5 of each written channel as its bytes pass (the ETag the guest's worker used to
   * compute on its own thread); undefined once a write went elsewhere than the end.
   */
  private readonly hashes: (Md5Hasher | undefined)[]
  private ended = false
  private readonly pumps: Promise<void>[] = []
  private sinkError: unknown

  constructor(private readonly channels: HostChannel[]) {
    this.ctl = takeShared(CTL_BYTES)
    this.words = new Int32Array(this.ctl, 0, CTL_HEADER / 4)
    this.area = new Uint8Array(this.ctl, CTL_HEADER, REPLY_BYTES)
    this.worker = { words: this.words, index: C.WAKE }
    this.seq = channels.map(() => 0)
    this.sinkChain = channels.map(() => Promise.resolve())
    this.sinkEnd = channels.map(() => 0)
    this.hashes = channels.map((c) =>
      c.spec.mode === 'write' && c.spec.kind === 'local' ? md5Hasher() : undefined,
    )
    let given = 0
    let left = RING_BUDGET
    for (const ch of channels) {
      const wanted = ch.spec.mode === 'read' ? ch.source !== undefined : ch.sink !== undefined
      if (!wanted || given >= MAX_RINGS || left < MIN_RING) {
        this.rings.push(undefined)
        continue
      }
      given++
      const cap = ringSize(ch, left)
      left -= cap
      const buf = takeShared(RING_HEADER + cap)
      ch.spec.ring = buf
      this.rings.push(new Ring(buf, 0, cap))
    }
  }

  /** Starts the pumps; call before the worker runs. */
  start(): void {
    this.channels.forEach((ch, i) => {
      const ring = this.rings[i]
      if (!ring) return
      this.pumps.push(ch.spec.mode === 'read' ? this.fill(i, ring) : this.drain(i, ring))
    })
    this.pumps.push(this.serveRequests())
  }

  /**
   * The worker ended (or was killed): stops the input pumps, drains what the guest wrote and
   * waits for every sink write. Throws the first sink failure (a store that refused a write).
   */
  async finish(): Promise<void> {
    this.ended = true
    for (let i = 0; i < this.rings.length; i++) {
      const ring = this.rings[i]
      if (!ring) continue
      // A killed worker never closed its ends: the host does, so the pumps end.
      if (this.channels[i]!.spec.mode === 'read') ring.closeReader(this.host)
      else ring.closeWriter(this.host)
    }
    wake(this.host)
    // Sources first: a pump waiting on a live pipe's writer must not hold the instance. A
    // source read ahead is closed after its pump, once no read of it is in flight.
    const close = (c: HostChannel): Promise<void> | undefined => c.source?.close().catch(() => {})
    await Promise.all(this.channels.filter((c) => !c.source?.concurrent).map(close))
    await Promise.all(this.pumps)
    await Promise.all(this.channels.filter((c) => c.source?.concurrent).map(close))
    await Promise.all(this.sinkChain)
    if (this.sinkError !== undefined) throw this.sinkError
  }

  /**
   * The ETag of a written channel (MD5 of its bytes, written in order), once `finish` is
   * done; undefined after random writes.
   */
  etag(alias: string): string | undefined {
    const i = this.channels.findIndex((c) => c.spec.alias === alias)
    return i < 0 ? undefined : this.hashes[i]?.digestHex()
  }

  private hash(i: number, at: number, chunk: Uint8Array): void {
    const h = this.hashes[i]
    if (!h) return
    if (at === this.sinkEnd[i]) h.update(chunk)
    else this.hashes[i] = undefined
  }

  /**
   * After `finish()`, for an instance that ended by itself (its worker answered with a result
   * and no longer holds the buffers): the control block and rings go back to be reused
   * by the next instance. Allocating them costs far more than the instance (0.3–2 ms for a
   * 64 KiB SharedArrayBuffer on a loaded machine). Never for a killed or timed-out instance.
   */
  recycle(): void {
    if (!this.ended || this.recycled) return
    this.recycled = true
    giveShared(this.ctl, CTL_HEADER)
    for (const ch of this.channels) if (ch.spec.ring) giveShared(ch.spec.ring, RING_HEADER)
  }

  /** What the guest is doing: blocked or not, its channel-operation count, what it waits on. */
  probe(): { blocked: boolean; progress: number; waits: number[] } {
    const w = this.words
    const blocked = Atomics.load(w, C.STATE) === STATE.BLOCKED
    const waits: number[] = []
    if (blocked) {
      const n = Math.min(Atomics.load(w, C.WAIT_N), MAX_WAITS)
      for (let i = 0; i < n; i++) waits.push(Atomics.load(w, C.WAIT_0 + i) >> 2)
    }
    return { blocked, progress: Atomics.load(w, C.PROGRESS), waits }
  }

  /** Ends a blocked guest from the host side (cancel, deadlock). */
  abort(reason: number): void {
    Atomics.store(this.words, C.ABORT, reason)
    wake(this.worker)
  }

  private get host(): WakeTarget {
    return { words: this.words, index: C.HOST }
  }

  private async sleep(seen: number, ms = 1000): Promise<void> {
    if (this.ended) return
    await waitChange(this.words, C.HOST, seen, ms)
  }

  private toSink(i: number, offset: number | undefined, chunk: Uint8Array): Promise<void> {
    const sink = this.channels[i]!.sink!
    const at = offset ?? this.sinkEnd[i]!
    this.hash(i, at, chunk)
    this.sinkEnd[i] = Math.max(this.sinkEnd[i]!, at + chunk.length)
    const next = this.sinkChain[i]!.then(async () => {
      if (this.sinkError === undefined) await sink.write(at, chunk)
    })
    this.sinkChain[i] = next.catch((e: unknown) => {
      this.sinkError ??= e
    })
    return this.sinkChain[i]!
  }

  /** Source → ring, until the source ends, the reader is gone or the instance ended. */
  private async fill(i: number, ring: Ring): Promise<void> {
    const src = this.channels[i]!.source!
    if (src.concurrent) return this.fillAhead(src, ring)
    let offset = 0
    for (;;) {
      if (ring.readerClosed() || this.ended) return
      const seen = Atomics.load(this.words, C.HOST)
      const space = ring.writable()
      if (space.length === 0) {
        ring.wantSpace(ring.cap >>> 1)
        if (ring.free() < ring.cap >>> 1 && !ring.readerClosed()) await this.sleep(seen)
        continue
      }
      let n: number
      try {
        n = await src.read(offset, space)
      } catch {
        ring.closeWriter(this.worker, IO_ERR.IO)
        return
      }
      if (n === 0) {
        ring.closeWriter(this.worker)
        return
      }
      offset += n
      ring.produced(n, this.worker)
    }
  }

  /**
   * `fill` for a source whose reads may overlap: up to READS_AHEAD reads of a quarter ring in
   * flight into consecutive free parts of the ring, produced in order as they complete, so
   * the store's latency hides behind the guest's reading. A short read (the end) drops the
   * reads issued after it.
   */
  private async fillAhead(src: ChannelSource, ring: Ring): Promise<void> {
    const piece = Math.max(MIN_RING >>> 2, ring.cap >>> 2)
    const inFlight: { len: number; done: Promise<number> }[] = []
    /** Source offset of the ring's tail (bytes produced), and bytes issued past it. */
    let pos = 0
    let ahead = 0
    let end = false
    const settle = async (): Promise<void> => {
      await Promise.allSettled(inFlight.map((r) => r.done))
      inFlight.length = 0
      ahead = 0
    }
    for (;;) {
      if (ring.readerClosed() || this.ended) return settle()
      while (!end && inFlight.length < READS_AHEAD) {
        const room = ring.writableAfter(ahead, piece)
        // A whole piece, or what is left up to the end of the buffer.
        if (
          room.length === 0 ||
          (room.length < piece && room.byteOffset + room.length !== ring.data.byteOffset + ring.cap)
        )
          break
        const done = src.read(pos + ahead, room)
        done.catch(() => {}) // awaited in order below
        inFlight.push({ len: room.length, done })
        ahead += room.length
      }
      const first = inFlight.shift()
      if (!first) {
        if (end) {
          ring.closeWriter(this.worker)
          return
        }
        const seen = Atomics.load(this.words, C.HOST)
        ring.wantSpace(piece)
        if (ring.free() < piece && !ring.readerClosed()) await this.sleep(seen)
        continue
      }
      let n: number
      try {
        n = await first.done
      } catch {
        await settle()
        ring.closeWriter(this.worker, IO_ERR.IO)
        return
      }
      ahead -= first.len
      if (n > 0) {
        pos += n
        ring.produced(n, this.worker)
      }
      if (n < first.len) {
        // The end (or a short read): what was read after it is not next in the stream.
        await settle()
        if (n === 0) end = true
      }
    }
  }

  /** Ring → sink, until the guest closed the channel (or the host did) and it is empty. */
  private async drain(i: number, ring: Ring): Promise<void> {
    for (;;) {
      const seen = Atomics.load(this.words, C.HOST)
      const data = ring.readable()
      if (data.length > 0) {
        await this.toSink(i, undefined, data)
        ring.consumed(data.length, this.worker)
        continue
      }
      if (ring.drained()) {
        await this.sinkChain[i]
        this.channels[i]!.sink!.end?.()
        return
      }
      ring.wantData(ring.cap >>> 2)
      if (ring.available() === 0 && !ring.drained()) await this.sleep(seen, DRAIN_POLL_MS)
    }
  }

  /** The request slot: one request at a time, answered in order. */
  private async serveRequests(): Promise<void> {
    const w = this.words
    for (;;) {
      const seen = Atomics.load(w, C.HOST)
      const req = Atomics.load(w, C.REQ_SEQ)
      if (req !== Atomics.load(w, C.REP_SEQ)) {
        const n = await this.answer()
        w[C.REP_N] = n
        Atomics.store(w, C.REP_SEQ, req)
        wake(this.worker)
        continue
      }
      if (this.ended) return
      await this.sleep(seen)
    }
  }

  private async answer(): Promise<number> {
    const w = this.words
    const op = w[C.REQ_OP]!
    const i = w[C.REQ_CH]!
    const len = Math.min(w[C.REQ_LEN]!, REPLY_BYTES)
    const offset = w[C.REQ_AT] ? w[C.REQ_OFF_LO]! + w[C.REQ_OFF_HI]! * 2 ** 32 : undefined
    const ch = this.channels[i]
    if (!ch) return IO_ERR.IO
    try {
      if (op === OP.READ) {
        if (!ch.source) return 0
        const at = offset ?? this.seq[i]!
        const n = await ch.source.read(at, this.area.subarray(0, len))
        if (offset === undefined) this.seq[i] = at + n
        return n
      }
      if (op === OP.WRITE) {
        if (!ch.sink) {
          const at = offset ?? this.sinkEnd[i]!
          this.hash(i, at, this.area.subarray(0, len))
          this.sinkEnd[i] = Math.max(this.sinkEnd[i]!, at + len)
          return len
        }
        const ring = this.rings[i]
        // What the guest streamed before this write lands first.
        if (ring) await this.drainNow(i, ring)
        await this.toSink(i, offset, this.area.slice(0, len))
        return this.sinkError === undefined ? len : IO_ERR.IO
      }
    } catch {
      return IO_ERR.IO
    }
    return IO_ERR.IO
  }

  /** Waits until the drain pump has taken everything in `ring` (the guest is blocked). */
  private async drainNow(i: number, ring: Ring): Promise<void> {
    while (ring.available() > 0) {
      const seen = Atomics.load(this.words, C.HOST)
      ring.flush(this.host)
      await this.sleep(seen, 10)
    }
    await this.sinkChain[i]
  }
}

/** Copies the outputs of an inline run (no shared memory) into their sinks. */
export async function writeInlineOutputs(
  channels: HostChannel[],
  result: InstanceResult,
): Promise<void> {
  for (const ch of channels) {
    const out = ch.sink ? result.outputs[ch.spec.alias] : undefined
    if (out?.length) await ch.sink!.write(0, out)
  }
}

/** Reads a source whole (inline runs without shared memory), at most `max` bytes. */
export async function readWhole(src: ChannelSource, max: number): Promise<Uint8Array> {
  const parts: Uint8Array[] = []
  let size = 0
  for (;;) {
    const buf = new Uint8Array(Math.min(1 << 20, max - size + 1))
    if (buf.length === 0) break
    const n = await src.read(size, buf)
    if (n === 0) break
    if (size + n > max) throw new RangeError(`input larger than ${max} bytes`)
    parts.push(buf.subarray(0, n))
    size += n
  }
  const out = new Uint8Array(size)
  let at = 0
  for (const p of parts) {
    out.set(p, at)
    at += p.length
  }
  return out
}
