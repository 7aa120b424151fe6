/** One object's metadata, as a Swift listing or HEAD reports it. */
export interface ObjectInfo {
  name: string
  bytes: number
  /** MD5 hex of the content. */
  etag: string
  contentType: string
  /** Milliseconds since the Unix epoch. */
  lastModified: number
  /** `X-Object-Meta-*` values, keys without the prefix, lower case. */
  meta: Record<string, string>
}

export interface PutOptions {
  contentType?: string
  meta?: Record<string, string>
}

/** A listing page: names after `marker`, at most `limit` of them (all when unset). */
export interface ListOptions {
  prefix?: string
  marker?: string
  limit?: number
}

/** Applies a ListOptions marker and limit to a listing already sorted by name. */
export function pageOf<T extends { name: string }>(sorted: T[], opts?: ListOptions): T[] {
  const marker = opts?.marker
  let from = 0
  if (marker !== undefined) {
    let lo = 0
    let hi = sorted.length
    while (lo < hi) {
      const mid = (lo + hi) >>> 1
      if (sorted[mid]!.name <= marker) lo = mid + 1
      else hi = mid
    }
    from = lo
  }
  const end = opts?.limit === undefined ? sorted.length : from + opts.limit
  return from === 0 && end >= sorted.length ? sorted : sorted.slice(from, end)
}

/** Byte range, both ends inclusive as in HTTP (`end` defaults to the last byte). */
export interface ByteRange {
  start: number
  end?: number
}

/**
 * One version of an object, opened for ranged reads. It keeps reading that version even if
 * the object is replaced or deleted meanwhile. `into` may be a view of shared memory: the
 * reader copies into it and never keeps it.
 */
export interface ObjectReader {
  readonly info: ObjectInfo
  /** Copies up to `into.length` bytes from `offset`; returns the count, 0 at or past the end. */
  read(offset: number, into: Uint8Array): Promise<number>
  close(): Promise<void>
  /** Reads may overlap, each filling `into` unless it reaches the end (see ChannelSource). */
  readonly concurrent?: boolean
}

/**
 * A new version of an object being written to a temporary object. Nothing is visible until
 * `commit()`, which replaces any older version atomically; `abort()` drops it. `chunk` may
 * be a view of shared memory: the writer copies it (or writes it out) before resolving.
 */
export interface ObjectWriter {
  /**
   * Writes `chunk` at `offset`. Writing at `bytes` appends; any other offset is a random
   * write (a gap reads as zeros). A store that can only append (a streamed upload) rejects
   * random writes with UNSUPPORTED.
   */
  write(offset: number, chunk: Uint8Array): Promise<void>
  /** Size so far: the end of the furthest write. */
  readonly bytes: number
  /** Makes the object visible (ETag = MD5 of the content) and returns its info. */
  commit(): Promise<ObjectInfo>
  /** Drops what was written; harmless after commit or a second time. */
  abort(): Promise<void>
}

/**
 * Accounts → containers → objects, as in Swift. Reads are ranged (`open`), writes stream into
 * a temporary object made visible atomically (`create` … `commit`): no object is ever held
 * whole in memory, and readers see the old object or the new one, never part of one.
 * Listings are sorted by name. `getObject` / `putObject` wrap both for small objects.
 */
export interface ObjectStore {
  listContainers(account: string): Promise<string[]>
  list(account: string, container: string, opts?: ListOptions): Promise<ObjectInfo[]>
  head(account: string, container: string, object: string): Promise<ObjectInfo | undefined>
  /** Undefined when the object does not exist. */
  open(account: string, container: string, object: string): Promise<ObjectReader | undefined>
  create(
    account: string,
    container: string,
    object: string,
    opts?: PutOptions,
  ): Promise<ObjectWriter>
  delete(account: string, container: string, object: string): Promise<boolean>
}

export const DEFAULT_CONTENT_TYPE = 'application/octet-stream'

/** Clamps a range to a body of `size` bytes; returns [start, endExclusive]. */
export function clampRange(size: number, range?: ByteRange): [number, number] {
  if (!range) return [0, size]
  const start = Math.min(Math.max(0, range.start), size)
  const end = Math.min(size, range.end === undefined ? size : range.end + 1)
  return [start, Math.max(start, end)]
}
