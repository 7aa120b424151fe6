import { ZeroLabError } from '@zerolab/shared'
import type { IncomingMessage } from 'node:http'
import { Readable } from 'node:stream'
import type { ReadableStream as NodeReadableStream } from 'node:stream/web'
import { conditional } from '../storage/ranges.ts'
import { putSloManifest, SegmentProblems } from '../storage/sloPut.ts'
import { linkTarget, quotePath } from '../storage/symlinks.ts'
import { bulkBody, bulkFormat, statusLine } from './bulkDelete.ts'
import type { Meta, ObjectInfo, ObjectRef } from '../storage/types.ts'
import { objectRef, type SwiftRequest } from './swiftRequest.ts'
import { httpDate, isTrue, metaFromHeaders, setMeta } from './swiftHeaders.ts'

const unquote = (s: string): string => s.trim().replace(/^"(.*)"$/, '$1')

const HTML = 'text/html; charset=UTF-8'

/** swob's `message_length`: 501 for a coding other than plain chunked, 400 for junk. */
export function bodyLength(r: SwiftRequest): { length: number | undefined; chunked: boolean } {
  const te = r.headers.get('transfer-encoding')
  if (te) {
    const codings = te.split(',').map((s) => s.trim().toLowerCase())
    if (codings.length > 1) {
      throw new ZeroLabError(
        'NOT_IMPLEMENTED',
        'Unsupported Transfer-Coding header value specified in Transfer-Encoding header',
        'Transfer-Encoding',
      )
    }
    if (codings[0] !== 'chunked')
      throw new ZeroLabError(
        'INVALID_HEADER',
        'Invalid Transfer-Encoding header value',
        'Transfer-Encoding',
      )
    return { length: undefined, chunked: true }
  }
  const cl = r.headers.get('content-length')
  if (cl === null) return { length: undefined, chunked: false }
  if (!/^\d+$/.test(cl.trim()))
    throw new ZeroLabError(
      'INVALID_HEADER',
      'Invalid Content-Length header value',
      'Content-Length',
    )
  return { length: Number(cl), chunked: false }
}

/** The request body as bytes, reading the Node request directly when nothing touched it. */
export function bodyOf(r: SwiftRequest): AsyncIterable<Uint8Array> | null {
  // Under @hono/node-server this skips two stream conversions per chunk.
  const incoming = (r.c.env as { incoming?: IncomingMessage } | undefined)?.incoming
  if (incoming && incoming.readableFlowing === null && !incoming.readableEnded) return incoming
  const b = r.c.req.raw.body
  return b ? Readable.fromWeb(b as NodeReadableStream<Uint8Array>) : null
}

/** Swift's `normalize_delete_at_timestamp`: whole seconds within 0..9999999999. */
const normalizeDeleteAt = (t: number): number => Math.floor(Math.min(Math.max(0, t), 9999999999))

/** Swift's `check_delete_headers`: X-Delete-After becomes X-Delete-At; both must be future. */
export function deleteAt(r: SwiftRequest, nowMs: number): number | undefined {
  const now = nowMs / 1000
  const after = r.headers.get('x-delete-after')
  if (after !== null) {
    if (!/^\s*[-+]?\d+\s*$/.test(after))
      throw new ZeroLabError('INVALID_HEADER', 'Non-integer X-Delete-After', 'X-Delete-After')
    const at = normalizeDeleteAt(now + Number(after))
    if (at <= now)
      throw new ZeroLabError('INVALID_HEADER', 'X-Delete-After in past', 'X-Delete-After')
    return at
  }
  const at = r.headers.get('x-delete-at')
  if (at === null) return undefined
  if (!/^\s*[-+]?\d+\s*$/.test(at))
    throw new ZeroLabError('INVALID_HEADER', 'Non-integer X-Delete-At', 'X-Delete-At')
  const n = normalizeDeleteAt(Number(at))
  if (n <= now) throw new ZeroLabError('INVALID_HEADER', 'X-Delete-At in past', 'X-Delete-At')
  return n
}

/** DELETE's `X-If-Delete-At`: the object's X-Delete-At must be exactly this (else 412). */
export function ifDeleteAt(r: SwiftRequest): number | undefined {
  const v = r.headers.get('x-if-delete-at')
  if (v === null) return undefined
  if (!/^\s*\d+\s*$/.test(v))
    throw new ZeroLabError('INVALID_HEADER', 'Bad X-If-Delete-At header value', 'X-If-Delete-At')
  return Number(v)
}

/** `X-Object-Manifest: <container>/<prefix>` (dlo): a container part is required. */
function manifestHeader(r: SwiftRequest): string | undefined {
  const v = r.header('x-object-manifest')
  if (v === null) return undefined
  const i = v.indexOf('/')
  if (i <= 0 || v.includes('?') || v.includes('&') || v.startsWith('/')) {
    throw new ZeroLabError(
      'INVALID_HEADER',
      'X-Object-Manifest must be in the format container/prefix',
      'X-Object-Manifest',
    )
  }
  return v
}

function reservedSlo(r: SwiftRequest): void {
  if (r.headers.has('x-static-large-object')) {
    throw new ZeroLabError(
      'INVALID_HEADER',
      'X-Static-Large-Object is a reserved header. To create a static large object add query param multipart-manifest=put.',
      'X-Static-Large-Object',
    )
  }
}

/** `<container>/<object>` of X-Copy-From / Destination (percent-decoded) → ref; else 412. */
function pathHeader(value: string, account: string, header: string): ObjectRef {
  let v = value
  try {
    v = decodeURIComponent(value)
  } catch {
    // as written
  }
  const m = /^\/?([^/]+)\/(.+)$/.exec(v)
  if (!m) {
    throw new ZeroLabError(
      'PRECONDITION_FAILED',
      `${header} header must be of the form <container name>/<object name>`,
      header,
    )
  }
  return { account, container: m[1]!, name: m[2]! }
}

function accountHeader(r: SwiftRequest, name: string, fallback: string): string {
  const v = r.header(name)
  if (v === null) return fallback
  let a = v
  try {
    a = decodeURIComponent(v)
  } catch {
    // as written
  }
  if (!a) throw new ZeroLabError('PRECONDITION_FAILED', 'Account name cannot be empty', name)
  if (a.includes('/'))
    throw new ZeroLabError('PRECONDITION_FAILED', 'Account name cannot contain slashes', name)
  return a
}

function created(info: ObjectInfo, extra?: Headers): Response {
  const h = extra ?? new Headers()
  h.set('ETag', info.etag)
  h.set('Last-Modified', httpDate(info.lastModifiedMs))
  h.set('Content-Type', HTML)
  h.set('Content-Length', '0')
  return new Response(null, { status: 201, headers: h })
}

/** PUT with X-Copy-From, and COPY with Destination: one copy (Swift's copy middleware). */
async function copy(r: SwiftRequest, src: ObjectRef, dst: ObjectRef): Promise<Response> {
  const store = r.deps.store
  const meta = metaFromHeaders(r.headers, 'object', r.deps.config.limits)
  // Conditional headers apply to the source, as the copy reads it with a GET.
  const peek = store.headObject(r.who, src, {
    referer: r.referer,
    raw: r.query.get('multipart-manifest') === 'get',
  })
  const cond = conditional(
    r.headers,
    peek.etag.replace(/^"(.*)"$/, '$1'),
    peek.lastModifiedMs,
    'GET',
  )
  if (cond !== null) return new Response(null, { status: cond, headers: { 'Content-Length': '0' } })
  const res = await store.copyObject(r.who, src, dst, {
    meta,
    fresh: isTrue(r.headers.get('x-fresh-metadata')),
    contentType: r.header('content-type') ?? undefined,
    range: r.header('range') ?? undefined,
    raw: r.query.get('multipart-manifest') === 'get',
    deleteAt: deleteAt(r, store.nowMs()),
    referer: r.referer,
    ifNoneMatchAny: r.headers.get('if-none-match')?.trim() === '*',
    symlinkGet: r.query.get('symlink') === 'get',
  })
  const h = new Headers({
    'X-Copied-From': encodeURIComponent(`${src.container}/${src.name}`).replace(/%2F/g, '/'),
    'X-Copied-From-Account': encodeURIComponent(src.account),
    'X-Copied-From-Last-Modified': httpDate(res.source.lastModifiedMs),
  })
  setMeta(h, res.info.meta)
  if (res.info.deleteAt !== undefined) h.set('X-Delete-At', String(res.info.deleteAt))
  return created(res.info, h)
}

/** Object PUT: plain, SLO manifest (`?multipart-manifest=put`), DLO manifest, or a copy. */
export async function putObject(r: SwiftRequest): Promise<Response> {
  const store = r.deps.store
  const ref = objectRef(r)
  const { length, chunked } = bodyLength(r)
  const copyFrom = r.header('x-copy-from')
  if (copyFrom !== null && copyFrom !== '') {
    if (length) throw new ZeroLabError('INVALID_REQUEST', 'Copy requests require a zero byte body')
    if (r.query.get('multipart-manifest') === 'put')
      throw new ZeroLabError(
        'METHOD_NOT_ALLOWED',
        'Multipart Manifest PUTs cannot be COPY requests',
      )
    const src = pathHeader(
      copyFrom,
      accountHeader(r, 'x-copy-from-account', r.account),
      'X-Copy-From',
    )
    return copy(r, src, ref)
  }
  if (length === undefined && !chunked) {
    throw new ZeroLabError('LENGTH_REQUIRED', 'Missing Content-Length header.', 'Content-Length')
  }
  const inm = r.headers.get('if-none-match')
  if (inm !== null && inm.trim() !== '*') {
    throw new ZeroLabError('INVALID_HEADER', 'If-None-Match only supports *', 'If-None-Match')
  }
  const etag = r.headers.get('etag')
  const detect = isTrue(r.headers.get('x-detect-content-type'))
  const meta: Meta = metaFromHeaders(r.headers, 'object', r.deps.config.limits)
  const common = {
    contentType: detect ? undefined : (r.header('content-type') ?? undefined),
    etag: etag === null ? undefined : unquote(etag),
    contentLength: length,
    meta,
    ifNoneMatchAny: inm !== null,
    deleteAt: deleteAt(r, store.nowMs()),
  }
  if (r.query.get('multipart-manifest') === 'put') {
    const put = (): Promise<ObjectInfo> =>
      putSloManifest(store, r.who, ref, { ...common, body: bodyOf(r) })
    if (isTrue(r.query.get('heartbeat'))) return heartbeat(r, put)
    return created(await put())
  }
  reservedSlo(r)
  const target = r.header('x-symlink-target')
  const link =
    target === null
      ? undefined
      : {
          target,
          account: r.header('x-symlink-target-account') ?? undefined,
          etag: r.header('x-symlink-target-etag') ?? undefined,
        }
  const info = await store.putObject(r.who, ref, bodyOf(r), {
    ...common,
    manifest: manifestHeader(r),
    link,
  })
  const h = new Headers()
  if (info.link?.etag) h.set('X-Symlink-Target-Etag', info.link.etag)
  return created(info, h)
}

const SWIFT_BODIES: Record<number, string> = {
  400: 'Bad Request\nThe server could not comply with the request since it is either malformed or otherwise incorrect.',
  422: 'Unprocessable Entity\nUnable to process the contained instructions',
}

/**
 * `?multipart-manifest=put&heartbeat=on`: 202 at once, whitespace while the segments are
 * checked, then the outcome in the body (Swift's bulk format, by Accept).
 */
function heartbeat(r: SwiftRequest, put: () => Promise<ObjectInfo>): Response {
  const format = bulkFormat(r.header('accept')) ?? 'text/plain'
  const enc = new TextEncoder()
  const body = new ReadableStream<Uint8Array>({
    async start(ctrl) {
      ctrl.enqueue(enc.encode(' '))
      let dict: Record<string, string>
      let errors: [string, string][] = []
      try {
        const info = await put()
        dict = {
          'Response Status': statusLine(201),
          'Response Body': '',
          Etag: info.etag,
          'Last Modified': httpDate(info.lastModifiedMs),
        }
      } catch (e) {
        const z = e instanceof ZeroLabError ? e : new ZeroLabError('INTERNAL', 'Internal Error')
        if (z instanceof SegmentProblems) errors = z.problems
        dict = {
          'Response Status': statusLine(z.status),
          'Response Body': SWIFT_BODIES[z.status] ?? z.message,
        }
      }
      ctrl.enqueue(enc.encode(`\r\n\r\n${bulkBody(format, dict, errors, 'upload')}`))
      ctrl.close()
    },
  })
  // Chunked, so the first whitespace goes out before the outcome is known.
  return new Response(body, {
    status: 202,
    headers: { 'Content-Type': format, 'Transfer-Encoding': 'chunked' },
  })
}

/** A 400 listing the segments of a manifest that failed (Swift's SLO answer), by Accept. */
export function problemsResponse(r: SwiftRequest, e: SegmentProblems): Response {
  const format = bulkFormat(r.header('accept')) ?? 'text/plain'
  return new Response(bulkBody(format, {}, e.problems, 'upload'), {
    status: 400,
    headers: { 'Content-Type': format, 'X-Error-Code': 'INVALID_REQUEST' },
  })
}

/** Object POST: metadata, Content-Type, X-Delete-At, X-Object-Manifest; 202 as Swift. */
export async function postObject(r: SwiftRequest): Promise<Response> {
  reservedSlo(r)
  if (r.headers.has('x-symlink-target'))
    throw new ZeroLabError(
      'INVALID_REQUEST',
      'A PUT request is required to set a symlink target',
      'X-Symlink-Target',
    )
  const store = r.deps.store
  const info = await store.postObject(r.who, objectRef(r), {
    meta: metaFromHeaders(r.headers, 'object', r.deps.config.limits),
    contentType: r.header('content-type') ?? undefined,
    deleteAt: deleteAt(r, store.nowMs()) ?? null,
    manifest: manifestHeader(r),
  })
  if (info.link) {
    // Swift's symlink middleware: the metadata went to the link; say where the target is.
    const t = linkTarget(info.link, r.account)
    const h = new Headers({
      Location: `/v1/${quotePath(t.account)}/${info.link.target}`,
      'Content-Type': HTML,
    })
    if (info.link.etag) h.set('X-Symlink-Target-Etag', info.link.etag)
    const msg =
      'The requested POST was applied to a symlink. POST directly to the target to apply requested metadata.'
    return new Response(new TextEncoder().encode(msg), { status: 307, headers: h })
  }
  const body = '<html><h1>Accepted</h1><p>The request is accepted for processing.</p></html>'
  return new Response(body, {
    status: 202,
    headers: { 'Content-Type': HTML, 'X-Timestamp': info.timestamp },
  })
}

/** Object COPY: `Destination: <container>/<object>` (+ `Destination-Account`). */
export async function copyObject(r: SwiftRequest): Promise<Response> {
  const dest = r.header('destination')
  if (!dest)
    throw new ZeroLabError('PRECONDITION_FAILED', 'Destination header required', 'Destination')
  const dstAccount = accountHeader(r, 'destination-account', r.account)
  return copy(r, objectRef(r), pathHeader(dest, dstAccount, 'Destination'))
}

export const noContent = (): Response =>
  new Response(null, { status: 204, headers: { 'Content-Type': HTML, 'Content-Length': '0' } })
