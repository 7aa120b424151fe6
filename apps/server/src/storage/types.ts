/** Lower-cased metadata header name (`x-object-meta-color`) → value. */
export type Meta = Record<string, string>

export interface AccountInfo {
  name: string
  containerCount: number
  objectCount: number
  bytesUsed: number
  meta: Meta
  createdMs: number
}

export interface ContainerInfo {
  account: string
  name: string
  objectCount: number
  bytesUsed: number
  meta: Meta
  readAcl: string
  writeAcl: string
  /** Swift X-Timestamp of the container's creation. */
  timestamp: string
}

export interface ObjectInfo {
  account: string
  container: string
  name: string
  size: number
  etag: string
  contentType: string
  lastModifiedMs: number
  timestamp: string
  meta: Meta
}

export interface ListQuery {
  prefix?: string | undefined
  delimiter?: string | undefined
  marker?: string | undefined
  endMarker?: string | undefined
  limit?: number | undefined
}

export type ObjectEntry =
  | {
      kind: 'object'
      name: string
      size: number
      etag: string
      contentType: string
      lastModifiedMs: number
    }
  | { kind: 'subdir'; subdir: string }

export type ContainerEntry =
  | { kind: 'container'; name: string; count: number; bytes: number; lastModifiedMs: number }
  | { kind: 'subdir'; subdir: string }

export interface PutOptions {
  contentType?: string | undefined
  /** Expected MD5 (hex) from the client's ETag header; mismatch → 422. */
  etag?: string | undefined
  /** Content-Length when sent; bodies must match it. */
  contentLength?: number | undefined
  meta?: Meta | undefined
  /** `If-None-Match: *`: fail with 412 when the object exists. */
  ifNoneMatchAny?: boolean | undefined
}

export interface ContainerUpdate {
  /** Values of '' remove the key. */
  meta?: Meta | undefined
  readAcl?: string | undefined
  writeAcl?: string | undefined
}

export interface ObjectRef {
  account: string
  container: string
  name: string
}
