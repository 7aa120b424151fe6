import type { Link } from './symlinks.ts'

/** Lower-cased metadata header name (`x-object-meta-color`) → value. */
export type Meta = Record<string, string>

export interface AccountInfo {
  name: string
  containerCount: number
  objectCount: number
  bytesUsed: number
  meta: Meta
  createdMs: number
  /** X-Account-Access-Control in its stored form ('' = none). */
  acl: string
  /** The caller owns the account (Swift's swift_owner): ACLs, keys and quotas are shown. */
  owner: boolean
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
  /** Last PUT or POST (Last-Modified). */
  modifiedMs: number
  /** X-Versions-Location / X-History-Location target ('' = none) and its mode. */
  versions: string
  versionsMode: '' | 'stack' | 'history'
  owner: boolean
}

/** 0 plain object, 1 DLO manifest (X-Object-Manifest), 2 SLO manifest. */
export type ObjectKind = 0 | 1 | 2
export const PLAIN = 0
export const DLO = 1
export const SLO = 2

export interface ObjectInfo {
  account: string
  container: string
  name: string
  /** Content length: for a large object, of the whole (all segments). */
  size: number
  /** For a large object, the quoted ETag Swift sends (`"<md5 of segment etags>"`). */
  etag: string
  contentType: string
  lastModifiedMs: number
  timestamp: string
  meta: Meta
  kind: ObjectKind
  /** DLO: `<container>/<prefix>` as stored (percent-encoded as the client sent it). */
  manifest?: string | undefined
  /** SLO: MD5 of the stored manifest (X-Manifest-Etag). */
  manifestEtag?: string | undefined
  /** X-Delete-At in seconds. */
  deleteAt?: number | undefined
  /** A symlink (shown with `?symlink=get`). */
  link?: Link | undefined
  /** Reached through a symlink: the target's path (Content-Location). */
  contentLocation?: string | undefined
}

export interface ListQuery {
  prefix?: string | undefined
  delimiter?: string | undefined
  marker?: string | undefined
  endMarker?: string | undefined
  limit?: number | undefined
  /** `reverse=true`: descending; `marker` then bounds from above, `end_marker` from below. */
  reverse?: boolean | undefined
  /** `path=p`: the objects directly under the pseudo-directory p (containers only). */
  path?: string | undefined
}

export type ObjectEntry =
  | {
      kind: 'object'
      name: string
      size: number
      etag: string
      contentType: string
      lastModifiedMs: number
      /** SLO manifests: the quoted etag of the whole. */
      sloEtag?: string | undefined
      /** Symlinks: `/v1/<account>/<container>/<object>` of the target (and a static link's). */
      symlinkPath?: string | undefined
      symlinkEtag?: string | undefined
      symlinkBytes?: number | undefined
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
  /** X-Object-Manifest: make a DLO manifest. */
  manifest?: string | undefined
  /** X-Delete-At (seconds). */
  deleteAt?: number | undefined
  /** X-Symlink-Target (+ -Account, -Etag): make a symlink. */
  link?: { target: string; account?: string | undefined; etag?: string | undefined } | undefined
}

export interface ContainerUpdate {
  /** Values of '' remove the key. */
  meta?: Meta | undefined
  readAcl?: string | undefined
  writeAcl?: string | undefined
  /** Versioned writes: a container name, or '' to stop. */
  versions?: { location: string; mode: 'stack' | 'history' } | '' | undefined
}

export interface AccountUpdate {
  meta: Meta
  /** X-Account-Access-Control (cleaned), '' clears. */
  acl?: string | undefined
}

export interface ObjectRef {
  account: string
  container: string
  name: string
}

/** Who asks, beyond the principal: the Referer matters for `.r:` ACLs. */
export interface RequestOptions {
  referer?: string | undefined
}
