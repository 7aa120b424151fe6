import {
  DEFAULT_CHANNEL_LIMITS,
  emptyAccounting,
  type Accounting,
  type ChannelLimits,
  type ChannelSpec,
} from '@zerolab/shared'
import { IO_ERR } from '../../io/layout.ts'
import { WorkerIo } from '../../io/workerIo.ts'
import { InlineBackend, RemoteBackend, RingBackend, type Backend } from './backends.ts'
import { md5Hex } from './md5.ts'

/** Returned by channel operations that break a limit (ZeroVM answered -EDQUOT). */
export const QUOTA = -1
/** An ETag the engine fills in from the bytes it received (streamed channels). */
export const HOST_ETAG = ''
/** Returned by positional access to a sequential channel (a pipe): ESPIPE. */
export const SPIPE = IO_ERR.SPIPE
export { IO_ERR }

/**
 * One channel of one instance, with ZeroVM's per-channel limits. Every image (wasm,
 * component, js) reads and writes through this class, which counts for the CDR. Results are
 * byte counts, or QUOTA / a negative IO_ERR. Sequential channels (pipes, stdin from a body)
 * ignore offsets; seekable ones (objects) serve reads and writes at any offset.
 */
export class Channel {
  readonly alias: string
  readonly mode: 'read' | 'write'
  readonly kind: 'local' | 'pipe'
  readonly limits: ChannelLimits
  /** Stream position: bytes read (or written) sequentially. */
  position = 0
  reads = 0
  readBytes = 0
  writes = 0
  writeBytes = 0
  private readonly backend: Backend
  private readonly table: ChannelTable
  /** Written in order so far (an ETag can be given); false once a write went elsewhere. */
  private inOrder: boolean
  private ended = false

  constructor(spec: ChannelSpec, table: ChannelTable, backend: Backend) {
    this.alias = spec.alias
    this.mode = spec.mode
    this.kind = spec.kind
    this.limits = { ...DEFAULT_CHANNEL_LIMITS, ...spec.limits }
    this.table = table
    this.backend = backend
    this.inOrder = spec.mode === 'write'
  }

  /** Size as stat() reports it: an object's size, bytes written so far, else 0 (a pipe). */
  get size(): number {
    return this.backend.seekable || this.mode === 'write' ? this.backend.size() : 0
  }

  get seekable(): boolean {
    return this.backend.seekable
  }

  /**
   * Reads up to `max` bytes into `target` at `at`: from `offset` on a seekable channel, else
   * (or when `offset` is the stream position) sequentially, blocking until at least one byte
   * or the end. Returns the count (0 at the end), QUOTA, or a negative IO_ERR.
   */
  readInto(target: Uint8Array, at: number, max: number, offset?: number): number {
    if (this.mode !== 'read') return 0
    const left = this.limits.maxReadBytes - this.readBytes
    if (this.reads + 1 > this.limits.maxReads) return this.quota()
    const positional = offset !== undefined && offset !== this.position && this.backend.seekable
    if (left <= 0 && max > 0) {
      // At the read limit, a read that only finds the end is not over it: a 4 GiB object read
      // to its end with the default 4 GiB limit ends ok. One byte more is.
      const probe = new Uint8Array(1)
      const n = positional
        ? this.backend.readAt(probe, 0, 1, offset)
        : this.backend.read(probe, 0, 1)
      return n === 0 ? 0 : n < 0 ? n : this.quota()
    }
    const want = Math.min(Math.max(0, max), left)
    const n = positional
      ? this.backend.readAt(target, at, want, offset)
      : this.backend.read(target, at, want)
    if (n < 0) return n
    this.reads++
    this.readBytes += n
    if (!positional) this.position += n
    this.table.progress()
    return n
  }

  /** Like readInto, into a new array (the js and component images keep what they read). */
  read(max: number, offset?: number): Uint8Array | number {
    const buf = new Uint8Array(Math.max(0, Math.min(max, 1 << 24)))
    const n = this.readInto(buf, 0, buf.length, offset)
    return n < 0 ? n : buf.subarray(0, n)
  }

  /**
   * Everything from the stream position to the end, at most `max` bytes, as one counted read
   * (QUOTA when the rest is larger or breaks a read limit): the js image's `read(channel)`.
   */
  readRest(max: number): Uint8Array | number {
    if (this.mode !== 'read') return new Uint8Array(0)
    const limit = Math.min(max, this.limits.maxReadBytes - this.readBytes)
    if (this.reads + 1 > this.limits.maxReads) return this.quota()
    let buf = new Uint8Array(
      Math.max(0, Math.min(limit, Math.max(4096, this.size - this.position))),
    )
    let len = 0
    for (;;) {
      if (len === buf.length) {
        if (len >= limit) {
          if (this.backend.read(new Uint8Array(1), 0, 1) !== 0) return this.quota()
          break
        }
        const next = new Uint8Array(Math.min(limit, Math.max(4096, buf.length * 2)))
        next.set(buf)
        buf = next
      }
      const n = this.backend.read(buf, len, buf.length - len)
      if (n < 0) return n
      if (n === 0) break
      len += n
    }
    this.reads++
    this.readBytes += len
    this.position += len
    this.table.progress()
    return buf.subarray(0, len)
  }

  /**
   * Writes `len` bytes of `src` from `at`: at `offset` when it is not the end (a random write,
   * objects only), else appended. Returns `len`, QUOTA or a negative IO_ERR.
   */
  writeFrom(src: Uint8Array, at: number, len: number, offset?: number): number {
    if (this.mode !== 'write') return 0
    if (this.ended) return IO_ERR.PIPE
    if (!this.admits(len)) return QUOTA
    this.table.takeOutput(len)
    const append = offset === undefined || offset === this.backend.size()
    const r = append ? this.backend.write(src, at, len) : this.backend.writeAt(src, at, len, offset)
    if (r < 0) return r
    if (!append) this.inOrder = false
    this.writes++
    this.writeBytes += len
    if (append) this.position += len
    this.table.progress()
    return len
  }

  write(bytes: Uint8Array, offset?: number): number {
    return this.writeFrom(bytes, 0, bytes.length, offset)
  }

  /**
   * One gathered write (writev) of `parts` ([start, length] in `src`), counted as one write
   * and checked against the limits as a whole before any byte moves: nothing is copied into
   * a combined buffer, so a guest repeating one large iovec costs the host nothing extra.
   */
  writeParts(
    src: Uint8Array,
    parts: readonly (readonly [number, number])[],
    offset?: number,
  ): number {
    if (parts.length === 1) return this.writeFrom(src, parts[0]![0], parts[0]![1], offset)
    if (this.mode !== 'write') return 0
    if (this.ended) return IO_ERR.PIPE
    let total = 0
    for (const [, len] of parts) total += len
    if (!this.admits(total)) return QUOTA
    this.table.takeOutput(total)
    let at = offset ?? this.backend.size()
    for (const [start, len] of parts) {
      const append = at === this.backend.size()
      const r = append
        ? this.backend.write(src, start, len)
        : this.backend.writeAt(src, start, len, at)
      if (r < 0) return r
      if (!append) this.inOrder = false
      at += len
    }
    this.writes++
    this.writeBytes += total
    if (offset === undefined) this.position += total
    this.table.progress()
    return total
  }

  /**
   * Whether one more write of `n` bytes is within every limit, marking the quota hit if not.
   * A writev asks before it moves any part, so a refused one costs the host nothing.
   */
  admits(n: number): boolean {
    if (
      this.writes + 1 <= this.limits.maxWrites &&
      this.writeBytes + n <= this.limits.maxWriteBytes &&
      this.table.outputFits(n)
    )
      return true
    this.table.quotaHit(this.alias)
    return false
  }

  /** The guest closed this pipe's write end: the reader sees end-of-file; later writes fail. */
  endWrites(): void {
    if (this.mode !== 'write' || this.kind !== 'pipe' || this.table.inline || this.ended) return
    this.ended = true
    this.backend.close()
  }

  private quota(): number {
    this.table.quotaHit(this.alias)
    return QUOTA
  }

  /**
   * MD5 of what was written, when it was written in order: computed here for inline
   * channels; for streamed ones the engine hashes the bytes as they reach it, off the guest's
   * thread, and this gives HOST_ETAG to say it was written in order to the end.
   */
  etag(): string | undefined {
    // Pipes carry none: ZeroVM did not digest its network channels, and hashing every byte
    // of a pipe cost more CPU than the guests at both ends together.
    if (this.kind === 'pipe') return undefined
    const out = this.backend.output?.()
    if (out) return md5Hex(out)
    return this.inOrder ? HOST_ETAG : undefined
  }

  /** The bytes written (inline channels only; streamed ones went to the host). */
  output(): Uint8Array | undefined {
    return this.backend.output?.()
  }

  close(): void {
    if (!this.ended) this.backend.close()
  }
}

/** All channels of one instance plus the instance-wide output budget. */
export class ChannelTable {
  private readonly byAlias = new Map<string, Channel>()
  private outputLeft: number
  /** The worker's end of the instance's control block; undefined for inline channels. */
  readonly io: WorkerIo | undefined
  /** Alias of the first channel whose limit was broken, if any. */
  quotaAlias: string | undefined

  constructor(specs: ChannelSpec[], maxOutputBytes: number, io?: SharedArrayBuffer) {
    this.outputLeft = maxOutputBytes
    const worker = io ? new WorkerIo(io) : undefined
    this.io = worker
    specs.forEach((s, i) => {
      const backend: Backend = !worker
        ? new InlineBackend(s.data)
        : s.ring
          ? new RingBackend(i, s, s.ring, worker)
          : new RemoteBackend(i, s, worker)
      this.byAlias.set(s.alias, new Channel(s, this, backend))
    })
  }

  /** True when bytes are in the spec and outputs come back in the result (tests). */
  get inline(): boolean {
    return this.io === undefined
  }

  get(alias: string): Channel | undefined {
    return this.byAlias.get(alias)
  }

  all(): Channel[] {
    return [...this.byAlias.values()]
  }

  /** Names directly under a `/dev/...` folder, e.g. list('/dev/in') → ['map-1', 'map-2']. */
  list(dir: string): string[] {
    const prefix = dir.endsWith('/') ? dir : `${dir}/`
    const names = new Set<string>()
    for (const alias of this.byAlias.keys()) {
      if (!alias.startsWith(prefix)) continue
      const rest = alias.slice(prefix.length)
      names.add(rest.split('/')[0]!)
    }
    return [...names].sort()
  }

  /** True when `path` is a folder of channels (`/dev`, `/dev/in`, `/dev/out`). */
  isDir(path: string): boolean {
    return this.list(path).length > 0 && !this.byAlias.has(path)
  }

  quotaHit(alias: string): void {
    this.quotaAlias ??= alias
  }

  outputFits(n: number): boolean {
    return n <= this.outputLeft
  }

  takeOutput(n: number): void {
    this.outputLeft -= n
  }

  progress(): void {
    this.io?.progress()
  }

  /** Ends every channel: readers see EOF and writers a gone reader from now on. */
  close(): void {
    for (const c of this.byAlias.values()) c.close()
    this.io?.finish()
  }

  /**
   * MD5 ETags of the written local channels (never pipes), and for inline
   * channels the bytes written.
   */
  collect(): { outputs: Record<string, Uint8Array>; etags: Record<string, string> } {
    const outputs: Record<string, Uint8Array> = {}
    const etags: Record<string, string> = {}
    for (const c of this.byAlias.values()) {
      if (c.mode !== 'write') continue
      const out = c.output()
      if (out) outputs[c.alias] = out
      const etag = c.etag()
      if (etag !== undefined) etags[c.alias] = etag
    }
    return { outputs, etags }
  }

  /** Channel counters for the CDR (wall, cpu and memory are filled in by the image). */
  accounting(): Accounting {
    const a = emptyAccounting()
    for (const c of this.byAlias.values()) {
      if (c.kind === 'pipe') {
        a.pipeReads += c.reads
        a.pipeReadBytes += c.readBytes
        a.pipeWrites += c.writes
        a.pipeWriteBytes += c.writeBytes
      } else {
        a.reads += c.reads
        a.readBytes += c.readBytes
        a.writes += c.writes
        a.writeBytes += c.writeBytes
      }
    }
    return a
  }
}
