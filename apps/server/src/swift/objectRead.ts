import { createHash, randomBytes } from 'node:crypto'
import { putForm, SLO_LIMITS, type StoredSegment } from '../storage/largeObjects.ts'
import type { OpenedObject } from '../storage/objectService.ts'
import { ONE_READ_MAX } from '../storage/objectBody.ts'
import { conditional, parseRange, type ByteRange } from '../storage/ranges.ts'
import { DLO, SLO, type ObjectInfo } from '../storage/types.ts'
import { toWire } from './headerText.ts'
import { objectRef, type SwiftRequest } from './swiftRequest.ts'
import { httpDate, setMeta } from './swiftHeaders.ts'

/** The headers of an object as GET/HEAD show it. */
export function objectHeaders(info: ObjectInfo, raw: boolean): Headers {
  const h = new Headers({
    ETag: info.etag,
    'Last-Modified': httpDate(info.lastModifiedMs),
    'X-Timestamp': info.timestamp,
    'Accept-Ranges': 'bytes',
    'Content-Type': toWire(info.contentType),
  })
  setMeta(h, info.meta)
  if (info.deleteAt !== undefined) h.set('X-Delete-At', String(info.deleteAt))
  if (info.kind === DLO && info.manifest !== undefined)
    h.set('X-Object-Manifest', toWire(info.manifest))
  if (info.link) {
    h.set('X-Symlink-Target', info.link.target)
    if (info.link.account) h.set('X-Symlink-Target-Account', info.link.account)
    if (info.link.etag) h.set('X-Symlink-Target-Etag', info.link.etag)
    if (info.link.bytes !== undefined) h.set('X-Symlink-Target-Bytes', String(info.link.bytes))
  }
  if (info.contentLocation) h.set('Content-Location', info.contentLocation)
  if (info.kind === SLO) {
    h.set('X-Static-Large-Object', 'True')
    if (raw) h.set('Content-Type', 'application/json; charset=utf-8')
    else h.set('X-Manifest-Etag', info.manifestEtag ?? '')
  }
  return h
}

/** An SLO manifest in the form it was PUT (`?multipart-manifest=get&format=raw`). */
async function rawManifest(o: OpenedObject): Promise<Buffer> {
  const bytes = await o.body.bytes(SLO_LIMITS.maxManifestSize)
  return Buffer.from(JSON.stringify(putForm(JSON.parse(bytes.toString('utf8')) as StoredSegment[])))
}

/** Bytes of the ranges as a body; with `parts`, a multipart/byteranges body. */
function rangedBody(
  o: OpenedObject,
  list: ByteRange[],
  parts?: { boundary: string; type: string; size: number },
): ReadableStream<Uint8Array> {
  const enc = new TextEncoder()
  async function* gen(): AsyncGenerator<Uint8Array> {
    try {
      for (const [start, end] of list) {
        if (parts) {
          yield enc.encode(
            `--${parts.boundary}\r\nContent-Type: ${parts.type}\r\nContent-Range: bytes ${start}-${end}/${parts.size}\r\n\r\n`,
          )
        }
        yield* o.body.read(start, end)
        if (parts) yield enc.encode('\r\n')
      }
      if (parts) yield enc.encode(`--${parts.boundary}--\r\n`)
    } finally {
      o.body.close()
    }
  }
  const it = gen()
  return new ReadableStream<Uint8Array>({
    async pull(ctrl) {
      const { value, done } = await it.next()
      if (done) ctrl.close()
      else ctrl.enqueue(value)
    },
    async cancel() {
      await it.return(undefined)
    },
  })
}

function multipartLength(list: ByteRange[], boundary: string, type: string, size: number): number {
  let n = 0
  for (const [s, e] of list) {
    n += Buffer.byteLength(
      `--${boundary}\r\nContent-Type: ${type}\r\nContent-Range: bytes ${s}-${e}/${size}\r\n\r\n`,
    )
    n += e - s + 1 + 2
  }
  return n + Buffer.byteLength(`--${boundary}--\r\n`)
}

/**
 * Object GET/HEAD: conditional requests (swob's order), single and multiple ranges (a DLO
 * answers a multi-range request with the whole object, as Swift), large objects streamed
 * segment by segment, `?multipart-manifest=get` for the manifest itself.
 */
export async function readObject(r: SwiftRequest): Promise<Response> {
  const head = r.method === 'HEAD'
  const raw = r.query.get('multipart-manifest') === 'get'
  const o = r.deps.store.openObject(r.who, objectRef(r), {
    referer: r.referer,
    raw,
    head,
    symlinkGet: r.query.get('symlink') === 'get',
  })
  let handedOff = false
  try {
    if (raw && o.info.kind === SLO && r.query.get('format') === 'raw') {
      const bytes = await rawManifest(o)
      o.body.close()
      // As convert_segment_listing: the object's own type, the ETag of this body.
      const h = objectHeaders(o.info, true)
      h.set('Content-Type', toWire(o.info.contentType))
      h.set('ETag', createHash('md5').update(bytes).digest('hex'))
      h.set('Content-Length', String(bytes.length))
      return new Response(head ? null : new Uint8Array(bytes), { status: 200, headers: h })
    }
    const info = o.info
    const h = objectHeaders(info, o.raw)
    const cond = conditional(
      r.headers,
      info.etag.replace(/^"(.*)"$/, '$1'),
      info.lastModifiedMs,
      r.method,
    )
    if (cond !== null) {
      h.set('Content-Length', '0')
      if (cond === 412) h.set('X-Error-Code', 'PRECONDITION_FAILED')
      return new Response(null, { status: cond, headers: h })
    }
    let ranges = parseRange(r.header('range'), info.size)
    // Swift's DLO serves a multi-range request as a 200 with everything.
    if (Array.isArray(ranges) && ranges.length > 1 && info.kind === DLO && !o.raw) ranges = null
    if (ranges === 'unsatisfiable') {
      h.set('Content-Range', `bytes */${info.size}`)
      h.set('X-Error-Code', 'RANGE_NOT_SATISFIABLE')
      h.set('Content-Type', 'text/html; charset=UTF-8')
      const body =
        '<html><h1>Requested Range Not Satisfiable</h1><p>The Range requested is not available.</p></html>'
      h.set('Content-Length', String(body.length))
      return new Response(head ? null : body, { status: 416, headers: h })
    }
    const list = ranges ?? [[0, info.size - 1] as ByteRange]
    let status = 200
    let parts: { boundary: string; type: string; size: number } | undefined
    if (ranges && ranges.length === 1) {
      const [s, e] = ranges[0]!
      status = 206
      h.set('Content-Range', `bytes ${s}-${e}/${info.size}`)
      h.set('Content-Length', String(e - s + 1))
    } else if (ranges) {
      status = 206
      parts = {
        boundary: randomBytes(16).toString('hex'),
        type: h.get('content-type')!,
        size: info.size,
      }
      h.set('Content-Type', `multipart/byteranges;boundary=${parts.boundary}`)
      h.set(
        'Content-Length',
        String(multipartLength(ranges, parts.boundary, parts.type, info.size)),
      )
    } else {
      h.set('Content-Length', String(info.size))
    }
    if (head || info.size === 0) return new Response(null, { status, headers: h })
    const [from, to] = list[0]!
    if (!parts && list.length === 1 && to - from + 1 <= ONE_READ_MAX)
      // A Buffer (or a view of the row's) over a plain ArrayBuffer: never shared memory.
      return new Response((await o.body.slice(from, to)) as Uint8Array<ArrayBuffer>, {
        status,
        headers: h,
      })
    handedOff = true
    return new Response(rangedBody(o, list, parts), { status, headers: h })
  } finally {
    if (!handedOff) o.body.close()
  }
}
