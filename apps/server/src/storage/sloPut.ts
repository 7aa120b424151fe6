import { ZeroLabError, ERROR_CODES } from '@zerolab/shared'
import type { Principal } from '../auth/principal.ts'
import { guessContentType } from './contentType.ts'
import { SLO_LIMITS, sloEtag, splitSegmentPath, type StoredSegment } from './largeObjects.ts'
import type { ObjectService } from './objectService.ts'
import { parseRange } from './ranges.ts'
import { parseSloInput } from './sloManifest.ts'
import { SLO, type Meta, type ObjectInfo, type ObjectRef } from './types.ts'

/** A 400 listing every segment that failed validation: `[quoted path, reason]`. */
export class SegmentProblems extends ZeroLabError {
  constructor(readonly problems: [string, string][]) {
    super('INVALID_REQUEST', 'Bad Request')
  }
}

const REASONS: Record<number, string> = {
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
}

/** Python's `quote` (safe '/'), as Swift reports segment paths. */
const quote = (s: string): string =>
  encodeURIComponent(s)
    .replace(/%2F/g, '/')
    .replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)

const isoMicros = (ms: number): string => new Date(ms).toISOString().replace('Z', '') + '000'

export interface SloPutOptions {
  body: AsyncIterable<Uint8Array> | Iterable<Uint8Array> | null
  contentLength?: number | undefined
  contentType?: string | undefined
  meta: Meta
  /** The client's ETag: must equal the SLO ETag (MD5 of the segment etags) or 422. */
  etag?: string | undefined
  ifNoneMatchAny?: boolean | undefined
  deleteAt?: number | undefined
}

/**
 * `PUT ?multipart-manifest=put` (Swift's `handle_multipart_put`): parses and validates the
 * manifest, checks every segment under the caller's rights (existence, size, ETag, range),
 * stores the manifest in Swift's stored form and commits it as an SLO whose listing size is the
 * sum of its segments.
 */
export async function putSloManifest(
  svc: ObjectService,
  who: Principal | null,
  ref: ObjectRef,
  o: SloPutOptions,
): Promise<ObjectInfo> {
  svc.writable(who, ref)
  const max = SLO_LIMITS.maxManifestSize
  if (o.contentLength !== undefined && o.contentLength > max) {
    throw new ZeroLabError('PAYLOAD_TOO_LARGE', `Manifest File > ${max} bytes`)
  }
  const chunks: Buffer[] = []
  let n = 0
  for await (const c of o.body ?? []) {
    n += c.byteLength
    if (n > max) throw new ZeroLabError('PAYLOAD_TOO_LARGE', `Manifest File > ${max} bytes`)
    chunks.push(Buffer.from(c))
  }
  const input = parseSloInput(Buffer.concat(chunks), `/${ref.container}/${ref.name}`)
  const objectSegs = input.filter((s) => s.kind === 'path').length
  if (objectSegs > SLO_LIMITS.maxManifestSegments) {
    throw new ZeroLabError(
      'PAYLOAD_TOO_LARGE',
      `Number of object-backed segments must be <= ${SLO_LIMITS.maxManifestSegments}`,
    )
  }
  const problems: [string, string][] = []
  const stored: StoredSegment[] = []
  let total = 0
  input.forEach((seg, i) => {
    if (seg.kind === 'data') {
      stored.push({ data: seg.data })
      total += Buffer.from(seg.data, 'base64').length
      return
    }
    const [container, name] = splitSegmentPath(seg.path)
    let head: ObjectInfo
    try {
      head = svc.headObject(who, { account: ref.account, container, name })
    } catch (e) {
      const status = e instanceof ZeroLabError ? ERROR_CODES[e.code] : 500
      problems.push([quote(seg.path), `${status} ${REASONS[status] ?? 'Error'}`])
      return
    }
    const etag = head.etag.replace(/^"(.*)"$/, '$1')
    let length = head.size
    let range = seg.range
    if (range) {
      const r = parseRange(`bytes=${range}`, head.size)
      if (r === 'unsatisfiable' || r === null) {
        problems.push([quote(seg.path), 'Unsatisfiable Range'])
        range = null
      } else if (r[0]![0] === 0 && r[0]![1] === head.size - 1) {
        range = null
      } else {
        range = `${r[0]![0]}-${r[0]![1]}`
        length = r[0]![1] - r[0]![0] + 1
      }
    }
    if (length < SLO_LIMITS.minSegmentSize && i !== input.length - 1) {
      problems.push([quote(seg.path), 'Too small; each segment must be at least 1 byte.'])
    }
    if (seg.size !== null && seg.size !== head.size)
      problems.push([quote(seg.path), 'Size Mismatch'])
    if (seg.etag !== null && seg.etag !== etag) problems.push([quote(seg.path), 'Etag Mismatch'])
    const s: StoredSegment = {
      name: `/${seg.path.replace(/^\/+/, '')}`,
      bytes: head.size,
      hash: etag,
      content_type: head.contentType,
      last_modified: isoMicros(head.lastModifiedMs),
    }
    if (range) s.range = range
    if (head.kind === SLO) s.sub_slo = true
    stored.push(s)
    total += length
  })
  if (problems.length) throw new SegmentProblems(problems)
  const wholeEtag = sloEtag(stored)
  if (o.etag !== undefined && o.etag.replace(/^"(.*)"$/, '$1') !== wholeEtag) {
    throw new ZeroLabError('ETAG_MISMATCH', 'Unprocessable Entity', 'ETag')
  }
  const json = Buffer.from(JSON.stringify(stored))
  const p = await svc.blobs.write([json], { maxBytes: max, inlineMax: svc.inlineMax })
  const info = await svc.commit(who, ref, p, {
    contentType: o.contentType || guessContentType(ref.name),
    meta: o.meta,
    ifNoneMatchAny: o.ifNoneMatchAny,
    slo: { size: total, etag: wholeEtag },
    deleteAt: o.deleteAt,
  })
  return { ...info, size: total, etag: `"${wholeEtag}"` }
}
