import {
  DEFAULT_CHANNEL_LIMITS,
  emptyAccounting,
  type Accounting,
  type ChannelLimits,
  type ChannelSpec,
} from '@zerolab/shared'
import { md5Hex } from './md5.ts'

/** Returned by channel operations that break a limit (ZeroVM answered -EDQUOT). */
export const QUOTA = -1

/**
 * One channel of one instance, with ZeroVM's per-channel limits. Reads and writes are
 * counted here for the CDR; every image (wasm, component, js) goes through this class.
 */
export class Channel {
  readonly alias: string
  readonly mode: 'read' | 'write'
  readonly kind: 'local' | 'pipe'
  readonly limits: ChannelLimits
  /** Read position (sequential reads) or write position. */
  position = 0
  reads = 0
  readBytes = 0
  writes = 0
  writeBytes = 0
  private readonly data: Uint8Array
  private buf: Uint8Array
  private len = 0
  private readonly table: ChannelTable

  constructor(spec: ChannelSpec, table: ChannelTable) {
    this.alias = spec.alias
    this.mode = spec.mode
    this.kind = spec.kind
    this.limits = { ...DEFAULT_CHANNEL_LIMITS, ...spec.limits }
    this.data = spec.data ?? new Uint8Array(0)
    this.buf = new Uint8Array(0)
    this.table = table
  }

  /** Size as stat() reports it: input length, or bytes written so far. */
  get size(): number {
    return this.mode === 'read' ? this.data.length : this.len
  }

  /**
   * Returns up to `max` bytes at `offset` (or the current position, which then advances),
   * an empty array at EOF, or QUOTA when a read limit is exceeded. The view aliases the
   * input: copy it before the next call if you keep it.
   */
  read(max: number, offset?: number): Uint8Array | typeof QUOTA {
    if (this.mode !== 'read') return new Uint8Array(0)
    const at = offset ?? this.position
    const end = Math.min(this.data.length, at + Math.max(0, max))
    const n = Math.max(0, end - at)
    if (this.reads + 1 > this.limits.maxReads || this.readBytes + n > this.limits.maxReadBytes) {
      this.table.quotaHit(this.alias)
      return QUOTA
    }
    this.reads++
    this.readBytes += n
    if (offset === undefined) this.position = at + n
    return this.data.subarray(at, at + n)
  }

  /**
   * Whether one more write of `n` bytes is within every limit, marking the quota hit if not.
   * A writev asks before it gathers its parts, so a refused one costs the host nothing.
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

  /** Writes bytes at `offset` (or the position, which advances); returns the count or QUOTA. */
  write(bytes: Uint8Array, offset?: number): number | typeof QUOTA {
    if (this.mode !== 'write') return 0
    const n = bytes.length
    if (!this.admits(n)) return QUOTA
    this.table.takeOutput(n)
    this.writes++
    this.writeBytes += n
    const at = offset ?? this.position
    this.ensure(at + n)
    this.buf.set(bytes, at)
    this.len = Math.max(this.len, at + n)
    if (offset === undefined) this.position = at + n
    return n
  }

  /** The bytes written so far. */
  output(): Uint8Array {
    return this.buf.subarray(0, this.len)
  }

  private ensure(size: number): void {
    if (size <= this.buf.length) return
    let cap = Math.max(4096, this.buf.length * 2)
    while (cap < size) cap *= 2
    const next = new Uint8Array(cap)
    next.set(this.buf.subarray(0, this.len))
    this.buf = next
  }
}

/** All channels of one instance plus the instance-wide output budget. */
export class ChannelTable {
  private readonly byAlias = new Map<string, Channel>()
  private outputLeft: number
  /** Alias of the first channel whose limit was broken, if any. */
  quotaAlias: string | undefined

  constructor(specs: ChannelSpec[], maxOutputBytes: number) {
    this.outputLeft = maxOutputBytes
    for (const s of specs) this.byAlias.set(s.alias, new Channel(s, this))
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

  /** Outputs and MD5 ETags of every writable channel. */
  collect(): { outputs: Record<string, Uint8Array>; etags: Record<string, string> } {
    const outputs: Record<string, Uint8Array> = {}
    const etags: Record<string, string> = {}
    for (const c of this.byAlias.values()) {
      if (c.mode !== 'write') continue
      const out = c.output()
      outputs[c.alias] = out
      etags[c.alias] = md5Hex(out)
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
