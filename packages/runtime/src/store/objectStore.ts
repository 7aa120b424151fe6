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
  list(account: string, container: string, opts?: { prefix?: string }): Promise<ObjectInfo[]>
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
