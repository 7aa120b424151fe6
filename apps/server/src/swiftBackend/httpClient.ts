import { ZeroLabError } from '@zerolab/shared'
import { Agent, request, type IncomingHttpHeaders, type IncomingMessage } from 'node:http'
import { Readable } from 'node:stream'

/**
 * node:http rather than fetch: bodies pass through byte for byte (fetch would inflate a
 * stored `Content-Encoding: gzip` object), headers are sent as given, both directions stream
 * with backpressure.
 */
const agent = new Agent({ keepAlive: true, maxSockets: 64, maxFreeSockets: 16 })

export interface HttpResponse {
  status: number
  headers: IncomingHttpHeaders
  /** Must be consumed or destroyed. */
  body: IncomingMessage
}

export interface HttpRequest {
  method: string
  headers?: Record<string, string | string[] | undefined>
  /** A stream is piped (chunked unless a Content-Length header is given). */
  body?: Uint8Array | Readable | null
  signal?: AbortSignal
  /** Socket idle timeout; default 60 s. */
  timeoutMs?: number
}

/**
 * Sends one request; resolves with the response head, the body left to the caller to stream.
 * A request on a reused keep-alive socket that the server closed meanwhile (ECONNRESET or EPIPE
 * before any answer) is sent once more on a new connection, unless its body was a stream.
 */
export async function httpRequest(url: URL | string, o: HttpRequest): Promise<HttpResponse> {
  const u = typeof url === 'string' ? new URL(url) : url
  try {
    return await send(u, o)
  } catch (e) {
    if (!(e instanceof StaleSocket)) throw e
    if (o.body instanceof Readable) throw e.cause
    return send(u, o, true).catch((e2: unknown) => {
      throw e2 instanceof StaleSocket ? e2.cause : e2
    })
  }
}

/** ECONNRESET/EPIPE on a reused keep-alive socket before the answer: safe to send again. */
class StaleSocket extends Error {}

function send(u: URL, o: HttpRequest, fresh = false): Promise<HttpResponse> {
  return new Promise((ok, fail) => {
    const headers: Record<string, string | string[]> = {}
    for (const [k, v] of Object.entries(o.headers ?? {})) if (v !== undefined) headers[k] = v
    if (o.body instanceof Uint8Array) headers['content-length'] = String(o.body.byteLength)
    const req = request(u, {
      method: o.method,
      headers,
      agent: fresh ? false : agent, // false: a connection of its own
      timeout: o.timeoutMs ?? 60_000,
      ...(o.signal ? { signal: o.signal } : {}),
    })
    req.once('timeout', () =>
      req.destroy(new ZeroLabError('TIMEOUT', `${o.method} ${u.origin}${u.pathname}: no answer`)),
    )
    req.once('error', (e: NodeJS.ErrnoException) => {
      const err = netError(e, u)
      if (req.reusedSocket && (e.code === 'ECONNRESET' || e.code === 'EPIPE'))
        fail(new StaleSocket(err.message, { cause: err }))
      else fail(err)
    })
    req.once('response', (res) =>
      ok({ status: res.statusCode ?? 502, headers: res.headers, body: res }),
    )
    if (o.body instanceof Readable) {
      o.body.once('error', (e) => req.destroy(e))
      o.body.pipe(req)
    } else req.end(o.body ?? undefined)
  })
}

function netError(e: NodeJS.ErrnoException, u: URL): Error {
  if (e instanceof ZeroLabError) return e
  if (e.name === 'AbortError') return new ZeroLabError('CANCELLED', 'request cancelled')
  const code = e.code ?? ''
  if (
    ['ECONNREFUSED', 'ECONNRESET', 'EHOSTUNREACH', 'ENOTFOUND', 'EPIPE', 'ETIMEDOUT'].includes(code)
  )
    return new ZeroLabError('UNAVAILABLE', `${u.origin} unreachable (${code})`, u.origin)
  return e
}

/** The whole body as text, at most `max` bytes (the rest is an error: bounds before work). */
export async function readText(res: HttpResponse, max = 4 * 1024 * 1024): Promise<string> {
  const parts: Buffer[] = []
  let size = 0
  for await (const chunk of res.body as AsyncIterable<Buffer>) {
    size += chunk.length
    if (size > max) {
      res.body.destroy()
      throw new ZeroLabError('PAYLOAD_TOO_LARGE', `response larger than ${max} bytes`)
    }
    parts.push(chunk)
  }
  return Buffer.concat(parts).toString('utf8')
}

/** Reads and drops the body so the connection returns to the pool. */
export async function drain(res: HttpResponse): Promise<void> {
  for await (const _ of res.body) void _
}

/** A response header as one string (joined when repeated). */
export function header(h: IncomingHttpHeaders, name: string): string | undefined {
  const v = h[name.toLowerCase()]
  return Array.isArray(v) ? v.join(', ') : v
}
