import { ZeroLabError } from '@zerolab/shared'
import { createHash } from 'node:crypto'
import { openSync, readFileSync } from 'node:fs'
import type { Principal } from '../auth/principal.ts'
import type { ContainerRow } from '../db/containersRepo.ts'
import type { ObjectRow } from '../db/objectsRepo.ts'
import { nextPrefix } from './listing.ts'
import { ObjectBody, type BodyPart } from './objectBody.ts'
import type { ObjectService } from './objectService.ts'
import { DLO, SLO, type RequestOptions } from './types.ts'

/** One entry of a stored SLO manifest (Swift's stored form). */
export interface StoredSegment {
  name?: string
  bytes?: number
  hash?: string
  content_type?: string
  last_modified?: string
  range?: string
  sub_slo?: boolean
  data?: string
}

/** Swift's defaults: slo max_manifest_segments, max_manifest_size, the GET recursion depth. */
export const SLO_LIMITS = {
  maxManifestSegments: 1000,
  maxManifestSize: 8 * 1024 * 1024,
  maxRecursion: 10,
  minSegmentSize: 1,
}
/** A resolved large object may span at most this many stored pieces (bounds memory). */
const MAX_PARTS = 50_000
/** DLO listings are read in pages of this many segments. */
const DLO_PAGE = 10_000

const md5 = (s: string | Uint8Array): string => createHash('md5').update(s).digest('hex')

const conflict = (why: string): ZeroLabError => new ZeroLabError('CONFLICT', why)

/** `/container/object` → [container, object]. */
export function splitSegmentPath(path: string): [string, string] {
  const p = path.replace(/^\/+/, '')
  const i = p.indexOf('/')
  if (i <= 0 || i === p.length - 1) throw conflict(`bad segment path ${path}`)
  return [p.slice(0, i), p.slice(i + 1)]
}

/** `"M-N"` of a stored segment → [start, end] inclusive. */
const rangeOf = (r: string): [number, number] => {
  const [a, b] = r.split('-').map(Number)
  return [a!, b!]
}

/** Bytes a stored segment contributes to the whole. */
export function segmentLength(s: StoredSegment): number {
  if (s.data !== undefined) return Buffer.from(s.data, 'base64').length
  if (s.range) {
    const [a, b] = rangeOf(s.range)
    return b - a + 1
  }
  return s.bytes ?? 0
}

/** A stored manifest in the form it is PUT (Swift's `convert_segment_listing`, format=raw). */
export function putForm(stored: StoredSegment[]): Record<string, unknown>[] {
  return stored.map((s) => {
    if (s.data !== undefined) return { data: s.data }
    const r: Record<string, unknown> = { etag: s.hash, path: s.name, size_bytes: s.bytes }
    if (s.range) r.range = s.range
    return r
  })
}

/** Swift's SLO ETag: MD5 over each segment's etag (`etag:range;` for ranged, MD5 of data). */
export function sloEtag(segments: StoredSegment[]): string {
  const h = createHash('md5')
  for (const s of segments) {
    if (s.data !== undefined) h.update(md5(Buffer.from(s.data, 'base64')))
    else if (s.range) h.update(`${s.hash}:${s.range};`)
    else h.update(s.hash ?? '')
  }
  return h.digest('hex')
}

/**
 * Dynamic (X-Object-Manifest) and static (multipart-manifest) large objects, read as one
 * object. Every segment is read under the caller's rights (and Referer), as Swift's DLO/SLO
 * middleware does with its sub-requests; a missing or changed segment is 409 before any byte
 * is sent, rather than a truncated body.
 */
export class LargeObjects {
  constructor(private readonly svc: ObjectService) {}

  /** The whole object behind a manifest row: its segments as one body, and its ETag. */
  resolve(
    who: Principal | null,
    c: ContainerRow,
    r: ObjectRow,
    o: RequestOptions,
  ): { body: ObjectBody; etag: string } {
    if (r.kind === DLO) return this.resolveDlo(who, c.account, r.manifest ?? '', o)
    if (r.kind === SLO) {
      const parts: BodyPart[] = []
      this.expandSlo(who, c.account, this.manifestOf(r), 0, Infinity, parts, 1, o)
      return { body: new ObjectBody(parts), etag: `"${r.slo_etag ?? ''}"` }
    }
    throw new ZeroLabError('INTERNAL', 'not a large object')
  }

  /** The stored manifest of an SLO row. */
  manifestOf(r: ObjectRow): StoredSegment[] {
    try {
      // Stored manifests are small (≤ 8 MiB), inline or in one file: read synchronously.
      const raw =
        r.data_id !== null
          ? this.svc.objects.data(r.data_id)
          : r.blob
            ? readFileSync(this.svc.blobs.path(r.blob))
            : Buffer.alloc(0)
      const parsed = JSON.parse(raw.toString('utf8')) as unknown
      if (!Array.isArray(parsed)) throw new Error('not a list')
      return parsed as StoredSegment[]
    } catch {
      throw conflict(`the manifest of ${r.name} is not readable`)
    }
  }

  private resolveDlo(
    who: Principal | null,
    account: string,
    manifest: string,
    o: RequestOptions,
  ): { body: ObjectBody; etag: string } {
    let value = manifest
    try {
      value = decodeURIComponent(manifest)
    } catch {
      // used as written
    }
    const slash = value.indexOf('/')
    const container = slash < 0 ? value : value.slice(0, slash)
    const prefix = slash < 0 ? '' : value.slice(slash + 1)
    const { c } = this.svc.locate(
      who,
      { account, container, referer: o.referer },
      { level: 'container', read: true },
    )
    const parts: BodyPart[] = []
    const etags: string[] = []
    let after: string | undefined
    for (;;) {
      const page = this.svc.objects.list(c.id, {
        ...(after === undefined ? { gte: prefix } : { gt: after }),
        ...(prefix ? { lt: nextPrefix(prefix) } : {}),
        reverse: false,
        limit: DLO_PAGE,
      })
      for (const seg of page) {
        after = seg.name
        if (!this.svc.isLive(seg)) continue
        if (seg.kind !== 0) throw conflict(`DLO segment ${seg.name} is itself a large object`)
        if (parts.length >= MAX_PARTS) throw conflict(`more than ${MAX_PARTS} segments`)
        etags.push(seg.etag)
        if (seg.size > 0) parts.push(this.part(c, seg, 0, seg.size))
      }
      if (page.length < DLO_PAGE) break
    }
    return { body: new ObjectBody(parts), etag: `"${md5(etags.join(''))}"` }
  }

  /**
   * Appends the pieces of `segments` covering bytes `first`..`last` (relative to them) to
   * `out`, descending into sub-manifests (at most 10 deep, as Swift).
   */
  // eslint-disable-next-line max-params -- recursion state
  private expandSlo(
    who: Principal | null,
    account: string,
    segments: StoredSegment[],
    first: number,
    last: number,
    out: BodyPart[],
    depth: number,
    o: RequestOptions,
  ): void {
    let lo = first
    let hi = last
    for (const s of segments) {
      const len = segmentLength(s)
      if (lo >= len) {
        lo -= len
        hi -= len
        continue
      }
      if (hi < 0) return
      if (out.length >= MAX_PARTS) throw conflict(`more than ${MAX_PARTS} segments`)
      const from = Math.max(0, lo)
      const to = Math.min(len - 1, hi)
      if (s.data !== undefined) {
        const bytes = Buffer.from(s.data, 'base64')
        out.push({ size: to - from + 1, offset: from, inline: bytes })
      } else {
        const [rs] = s.range ? rangeOf(s.range) : [0]
        const [cont, name] = splitSegmentPath(s.name ?? '')
        let found
        try {
          found = this.svc.readable(who, { account, container: cont, name }, o)
        } catch (e) {
          // As Swift's SLO GET: a segment it cannot fetch makes the whole a 409.
          const why = e instanceof ZeroLabError ? e.message : String(e)
          throw conflict(`segment ${s.name}: ${why}`)
        }
        const { c, r } = found
        const etag = r.kind === SLO ? r.slo_etag : r.etag
        if (s.hash !== undefined && s.hash !== etag)
          throw conflict(`segment ${s.name} changed (etag)`)
        if (s.bytes !== undefined && s.bytes !== r.size)
          throw conflict(`segment ${s.name} changed (size)`)
        if (r.kind === SLO) {
          if (depth >= SLO_LIMITS.maxRecursion)
            throw conflict('max recursion depth of SLO manifests exceeded')
          this.expandSlo(who, account, this.manifestOf(r), rs! + from, rs! + to, out, depth + 1, o)
        } else {
          out.push(this.part(c, r, rs! + from, to - from + 1))
        }
      }
      lo -= len
      hi -= len
    }
  }

  /** A piece of a segment's stored bytes, opened when the read reaches it. */
  private part(c: ContainerRow, r: ObjectRow, offset: number, size: number): BodyPart {
    if (r.data_id !== null) return { size, offset, inline: this.svc.objects.data(r.data_id) }
    const name = r.name
    const etag = r.etag
    let blob = r.blob
    return {
      size,
      offset,
      open: () => {
        try {
          return openSync(this.svc.blobs.path(blob!), 'r')
        } catch (e) {
          if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e
          // Replaced since the listing: fine if it still holds the same bytes.
          const now = this.svc.liveRow(c, name)
          if (!now || now.etag !== etag || !now.blob) throw conflict(`segment ${name} changed`)
          blob = now.blob
          return openSync(this.svc.blobs.path(blob), 'r')
        }
      },
    }
  }
}

/** A name to delete (`/container/object`), or why it cannot be (a sub-manifest that failed). */
export interface DeleteItem {
  name: string
  error?: { status: number; message: string }
}

/**
 * Everything `DELETE ?multipart-manifest=delete` removes (Swift's
 * `get_segments_to_delete_iter`): the segments of the manifest and of its sub-manifests, each
 * manifest after its segments, the manifest itself last. Data segments have nothing to delete.
 */
export function segmentsToDelete(
  svc: ObjectService,
  who: Principal | null,
  account: string,
  path: string,
): DeleteItem[] {
  const out: DeleteItem[] = []
  const queue: { name: string; sub: boolean }[] = [{ name: path, sub: true }]
  while (queue.length) {
    if (queue.length > SLO_LIMITS.maxManifestSegments * 10)
      throw new ZeroLabError('INVALID_REQUEST', 'Too many buffered slo segments to delete.')
    const seg = queue.shift()!
    if (!seg.sub) {
      out.push({ name: seg.name })
      continue
    }
    try {
      const [container, name] = splitSegmentPath(seg.name)
      const { r } = svc.readable(who, { account, container, name })
      if (r.kind !== SLO) throw new ZeroLabError('INVALID_REQUEST', 'Not an SLO manifest')
      for (const s of svc.large.manifestOf(r)) {
        if (s.data === undefined && s.name) queue.push({ name: s.name, sub: s.sub_slo === true })
      }
      queue.push({ name: seg.name, sub: false })
    } catch (e) {
      const z = e instanceof ZeroLabError ? e : new ZeroLabError('INTERNAL', String(e))
      const message =
        z.code === 'NOT_FOUND'
          ? 'SLO manifest not found'
          : z.code === 'UNAUTHORIZED'
            ? '401 Unauthorized'
            : z.message
      out.push({ name: seg.name, error: { status: z.status, message } })
    }
  }
  return out
}
