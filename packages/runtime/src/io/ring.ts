import { FLAG, R, RING_HEADER } from './layout.ts'

/** A wake word: bump it and notify whoever waits on it (a worker's WAKE or the host bell). */
export interface WakeTarget {
  words: Int32Array
  index: number
}

export function wake(t: WakeTarget): void {
  Atomics.add(t.words, t.index, 1)
  Atomics.notify(t.words, t.index)
}

/**
 * A single-producer single-consumer byte ring in shared memory: a header (R.*) then `cap`
 * data bytes, `cap` a power of two. Positions run mod 2^32. Each side advances only its own
 * position and wakes the other side only when it said it waits (CWAIT / PWAIT) and the wait
 * is satisfied, so a streaming pair exchanges few notifications. Neither side blocks here:
 * the worker blocks in its own code, the host waits asynchronously.
 */
export class Ring {
  readonly h: Int32Array
  readonly data: Uint8Array
  readonly cap: number
  private readonly mask: number

  constructor(buffer: SharedArrayBuffer, base: number, cap: number) {
    if (cap <= 0 || (cap & (cap - 1)) !== 0) throw new RangeError(`ring size ${cap} is not 2^n`)
    this.h = new Int32Array(buffer, base, RING_HEADER / 4)
    this.data = new Uint8Array(buffer, base + RING_HEADER, cap)
    this.cap = cap
    this.mask = cap - 1
  }

  /** Bytes a ring of data size `cap` occupies. */
  static bytes(cap: number): number {
    return RING_HEADER + cap
  }

  available(): number {
    return (Atomics.load(this.h, R.TAIL) - Atomics.load(this.h, R.HEAD)) >>> 0
  }

  free(): number {
    return this.cap - this.available()
  }

  flags(): number {
    return Atomics.load(this.h, R.FLAGS)
  }

  /** The producer is done and everything was consumed. */
  drained(): boolean {
    return (this.flags() & (FLAG.WCLOSED | FLAG.ERROR)) !== 0 && this.available() === 0
  }

  // ---- consumer side -------------------------------------------------------------------

  /** Copies up to `max` bytes into `target` at `at` and consumes them; returns the count. */
  readTo(target: Uint8Array, at: number, max: number, producer: WakeTarget): number {
    const n = Math.min(max, this.available())
    if (n === 0) return 0
    const head = Atomics.load(this.h, R.HEAD)
    const start = head & this.mask
    const first = Math.min(n, this.cap - start)
    target.set(this.data.subarray(start, start + first), at)
    if (first < n) target.set(this.data.subarray(0, n - first), at + first)
    this.consumed(n, producer)
    return n
  }

  /** The readable bytes up to the end of the buffer (no copy; valid until `consumed`). */
  readable(): Uint8Array {
    const n = this.available()
    const start = Atomics.load(this.h, R.HEAD) & this.mask
    return this.data.subarray(start, start + Math.min(n, this.cap - start))
  }

  consumed(n: number, producer: WakeTarget): void {
    Atomics.add(this.h, R.HEAD, n)
    const want = Atomics.load(this.h, R.PWAIT)
    if (
      want !== 0 &&
      this.free() >= want &&
      Atomics.compareExchange(this.h, R.PWAIT, want, 0) === want
    )
      wake(producer)
  }

  /** The consumer waits for `bytes` (call before re-checking and sleeping). */
  wantData(bytes: number): void {
    Atomics.store(this.h, R.CWAIT, Math.max(1, bytes))
  }

  /** The consumer is gone: the producer's writes are dropped from now on. */
  closeReader(producer: WakeTarget): void {
    Atomics.or(this.h, R.FLAGS, FLAG.RCLOSED)
    if (Atomics.exchange(this.h, R.PWAIT, 0) !== 0) wake(producer)
  }

  // ---- producer side -------------------------------------------------------------------

  /** Copies up to `len` bytes of `src` from `at` in; returns the count (0 when full). */
  writeFrom(src: Uint8Array, at: number, len: number, consumer: WakeTarget): number {
    const n = Math.min(len, this.free())
    if (n === 0) return 0
    const start = Atomics.load(this.h, R.TAIL) & this.mask
    const first = Math.min(n, this.cap - start)
    this.data.set(src.subarray(at, at + first), start)
    if (first < n) this.data.set(src.subarray(at + first, at + n), 0)
    this.produced(n, consumer)
    return n
  }

  /** The free bytes up to the end of the buffer, to fill in place before `produced`. */
  writable(): Uint8Array {
    const n = this.free()
    const start = Atomics.load(this.h, R.TAIL) & this.mask
    return this.data.subarray(start, start + Math.min(n, this.cap - start))
  }

  /**
   * Up to `max` free bytes `skip` bytes past the tail, up to the end of the buffer: room for a
   * read issued while earlier ones (filling the `skip` bytes before it) are in flight.
   */
  writableAfter(skip: number, max: number): Uint8Array {
    const n = Math.min(max, this.free() - skip)
    if (n <= 0) return this.data.subarray(0, 0)
    const start = (Atomics.load(this.h, R.TAIL) + skip) & this.mask
    return this.data.subarray(start, start + Math.min(n, this.cap - start))
  }

  produced(n: number, consumer: WakeTarget): void {
    Atomics.add(this.h, R.TAIL, n)
    const want = Atomics.load(this.h, R.CWAIT)
    if (
      want !== 0 &&
      this.available() >= want &&
      Atomics.compareExchange(this.h, R.CWAIT, want, 0) === want
    )
      wake(consumer)
  }

  /** The producer waits for `bytes` of free space. */
  wantSpace(bytes: number): void {
    Atomics.store(this.h, R.PWAIT, Math.max(1, Math.min(bytes, this.cap)))
  }

  /** Wakes a consumer waiting for fewer bytes than it asked for (a flush before blocking). */
  flush(consumer: WakeTarget): void {
    if (this.available() > 0 && Atomics.exchange(this.h, R.CWAIT, 0) !== 0) wake(consumer)
  }

  /** The producer is done (EOF after the data), or failed with `err`. */
  closeWriter(consumer: WakeTarget, err = 0): void {
    if (err !== 0) Atomics.store(this.h, R.ERR, err)
    Atomics.or(this.h, R.FLAGS, err !== 0 ? FLAG.ERROR : FLAG.WCLOSED)
    if (Atomics.exchange(this.h, R.CWAIT, 0) !== 0) wake(consumer)
  }

  readerClosed(): boolean {
    return (this.flags() & FLAG.RCLOSED) !== 0
  }

  error(): number {
    return Atomics.load(this.h, R.ERR)
  }
}
