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
 * Accounts → containers → objects, as in Swift. `put` is atomic: readers see the old object
 * or the new one, never part of it. Listings are sorted by name.
 */
export interface ObjectStore {
  listContainers(account: string): Promise<string[]>
  list(account: string, container: string, opts?: ListOptions): Promise<ObjectInfo[]>
  head(account: string, container: string, object: string): Promise<ObjectInfo | undefined>
  get(
    account: string,
    container: string,
    object: string,
    range?: ByteRange,
  ): Promise<{ info: ObjectInfo; data: Uint8Array } | undefined>
  put(
    account: string,
    container: string,
    object: string,
    data: Uint8Array,
    opts?: PutOptions,
  ): Promise<ObjectInfo>
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
