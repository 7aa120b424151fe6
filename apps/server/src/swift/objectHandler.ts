import { ZeroLabError } from '@zerolab/shared'
import type { Context } from 'hono'
import { randomBytes } from 'node:crypto'
import { closeSync } from 'node:fs'
import type { IncomingMessage } from 'node:http'
import { Readable } from 'node:stream'
import type { ReadableStream as NodeReadableStream } from 'node:stream/web'
import type { AppDeps } from '../appDeps.ts'
import type { Principal } from '../auth/principal.ts'
import type { ObjectInfo, ObjectRef } from '../storage/types.ts'
import { conditional, fdBody, multipartLength, parseRange } from './ranges.ts'
import { httpDate, metaFromHeaders, setMeta } from './swiftHeaders.ts'

function objectHeaders(info: ObjectInfo): Headers {
  const h = new Headers({
    ETag: info.etag,
    'Last-Modified': httpDate(info.lastModifiedMs),
    'X-Timestamp': info.timestamp,
    'Accept-Ranges': 'bytes',
    'Content-Type': info.contentType,
  })
  setMeta(h, info.meta)
  return h
}

const unquote = (s: string): string => s.trim().replace(/^"(.*)"$/, '$1')

/** `/container/object` or `container/object` (percent-encoded) → ref in `account`. */
function parseCopyPath(value: string, account: string, header: string): ObjectRef {
  let v: string
  try {
    v = decodeURIComponent(value)
  } catch {
    throw new ZeroLabError('INVALID_HEADER', `${header} is not valid percent-encoding`, header)
  }
  v = v.replace(/^\/+/, '')
  const i = v.indexOf('/')
  if (i <= 0 || i === v.length - 1) {
    throw new ZeroLabError('INVALID_HEADER', `${header} must be <container>/<object>`, header)
  }
  return { account, container: v.slice(0, i), name: v.slice(i + 1) }
}

function bodyOf(c: Context): AsyncIterable<Uint8Array> | null {
  // Under @hono/node-server, read the Node request directly when nothing has touched it yet:
  // it skips two stream conversions per chunk (web ReadableStream and back).
  const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming
  if (incoming && incoming.readableFlowing === null && !incoming.readableEnded) return incoming
  const b = c.req.raw.body
  return b ? Readable.fromWeb(b as NodeReadableStream<Uint8Array>) : null
}

function copied(info: ObjectInfo, source: ObjectInfo): Response {
  const h = new Headers({
    ETag: info.etag,
    'Last-Modified': httpDate(info.lastModifiedMs),
    'Content-Type': 'text/html; charset=UTF-8',
    'X-Copied-From': encodeURIComponent(`${source.container}/${source.name}`).replace(/%2F/g, '/'),
    'X-Copied-From-Last-Modified': httpDate(source.lastModifiedMs),
  })
  if (source.account !== info.account) h.set('X-Copied-From-Account', source.account)
  return new Response(null, { status: 201, headers: h })
}

export async function objectHandler(
  c: Context,
  deps: AppDeps,
  who: Principal | null,
  ref: ObjectRef,
): Promise<Response> {
  const h = c.req.raw.headers
  const limits = deps.config.limits
  switch (c.req.method) {
    case 'GET':
    case 'HEAD':
      return read(c, deps, who, ref)
    case 'PUT': {
      const copyFrom = h.get('x-copy-from')
      if (copyFrom !== null) {
        const srcAccount = h.get('x-copy-from-account') ?? ref.account
        const src = parseCopyPath(copyFrom, srcAccount, 'X-Copy-From')
        const r = await deps.store.copyObject(who, src, ref, {
          meta: metaFromHeaders(h, 'object', limits),
          fresh: h.get('x-fresh-metadata')?.toLowerCase() === 'true',
          contentType: h.get('content-type') ?? undefined,
        })
        return copied(r.info, r.source)
      }
      const cl = h.get('content-length')
      const chunked = (h.get('transfer-encoding') ?? '').toLowerCase().includes('chunked')
      if (cl === null && !chunked)
        throw new ZeroLabError('LENGTH_REQUIRED', 'Length Required', 'Content-Length')
      if (cl !== null && !/^\d+$/.test(cl))
        throw new ZeroLabError('INVALID_HEADER', 'bad Content-Length', 'Content-Length')
      const inm = h.get('if-none-match')
      if (inm !== null && inm.trim() !== '*') {
        throw new ZeroLabError(
          'INVALID_HEADER',
          'If-None-Match on PUT only supports *',
          'If-None-Match',
        )
      }
      const etag = h.get('etag')
      const detect = h.get('x-detect-content-type')?.toLowerCase() === 'true'
      const info = await deps.store.putObject(who, ref, bodyOf(c), {
        contentType: detect ? undefined : (h.get('content-type') ?? undefined),
        etag: etag === null ? undefined : unquote(etag),
        contentLength: cl === null ? undefined : Number(cl),
        meta: metaFromHeaders(h, 'object', limits),
        ifNoneMatchAny: inm !== null,
      })
      return new Response(null, {
        status: 201,
        headers: {
          ETag: info.etag,
          'Last-Modified': httpDate(info.lastModifiedMs),
          'Content-Type': 'text/html; charset=UTF-8',
        },
      })
    }
    case 'COPY': {
      const dest = h.get('destination')
      if (dest === null)
        throw new ZeroLabError('INVALID_HEADER', 'Destination header required', 'Destination')
      const dstAccount = h.get('destination-account') ?? ref.account
      const dst = parseCopyPath(dest, dstAccount, 'Destination')
      const r = await deps.store.copyObject(who, ref, dst, {
        meta: metaFromHeaders(h, 'object', limits),
        fresh: h.get('x-fresh-metadata')?.toLowerCase() === 'true',
        contentType: h.get('content-type') ?? undefined,
      })
      return copied(r.info, r.source)
    }
    case 'POST': {
      const info = deps.store.postObject(
        who,
        ref,
        metaFromHeaders(h, 'object', limits),
        h.get('content-type') ?? undefined,
      )
      // Swift answers an object POST with 202 Accepted.
      return new Response(null, { status: 202, headers: { 'X-Timestamp': info.timestamp } })
    }
    case 'DELETE':
      await deps.store.deleteObject(who, ref)
      return new Response(null, { status: 204 })
    default:
      throw new ZeroLabError('METHOD_NOT_ALLOWED', `${c.req.method} is not allowed on an object`)
  }
}

function read(c: Context, deps: AppDeps, who: Principal | null, ref: ObjectRef): Response {
  const head = c.req.method === 'HEAD'
  const { info, fd } = deps.store.openObject(who, ref)
  let handedOff = false
  try {
    const h = objectHeaders(info)
    const cond = conditional(c.req.raw.headers, info.etag, info.lastModifiedMs, c.req.method)
    if (cond === 304) return new Response(null, { status: 304, headers: h })
    if (cond === 412) {
      h.set('X-Error-Code', 'PRECONDITION_FAILED')
      return new Response(null, { status: 412, headers: h })
    }
    const ranges = parseRange(c.req.header('range'), info.size)
    if (ranges === 'unsatisfiable') {
      h.set('Content-Range', `bytes */${info.size}`)
      h.set('X-Error-Code', 'RANGE_NOT_SATISFIABLE')
      h.set('Content-Type', 'text/plain; charset=utf-8')
      return new Response(head ? null : 'Requested Range Not Satisfiable\n', {
        status: 416,
        headers: h,
      })
    }
    const list = ranges ?? [[0, info.size - 1] as [number, number]]
    let status = 200
    let parts: { boundary: string; type: string; size: number } | undefined
    if (ranges && ranges.length === 1) {
      const [s, e] = ranges[0]!
      status = 206
      h.set('Content-Range', `bytes ${s}-${e}/${info.size}`)
      h.set('Content-Length', String(e - s + 1))
    } else if (ranges) {
      status = 206
      parts = { boundary: randomBytes(16).toString('hex'), type: info.contentType, size: info.size }
      h.set('Content-Type', `multipart/byteranges;boundary=${parts.boundary}`)
      h.set(
        'Content-Length',
        String(multipartLength(ranges, parts.boundary, parts.type, info.size)),
      )
    } else {
      h.set('Content-Length', String(info.size))
    }
    if (head || info.size === 0) return new Response(null, { status, headers: h })
    handedOff = true
    return new Response(fdBody(fd, list, parts), { status, headers: h })
  } finally {
    if (!handedOff) closeSync(fd)
  }
}
