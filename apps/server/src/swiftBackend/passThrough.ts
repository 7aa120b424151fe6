import { ZeroLabError } from '@zerolab/shared'
import type { IncomingHttpHeaders } from 'node:http'
import { Readable } from 'node:stream'
import type { ReadableStream as NodeWebStream } from 'node:stream/web'
import { httpRequest, readText } from './httpClient.ts'

/** Headers of one hop only (RFC 9110 §7.6.1), plus Host and Expect, never forwarded. */
const HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'host',
  'expect',
])

export interface IssuedSwiftToken {
  token: string
  /** Storage account, e.g. AUTH_admin. */
  account: string
  /** The `account:user` that logged in. */
  user: string
  expiresMs: number
}

export interface PassThroughOptions {
  proxyUrl: string
  /** This gateway's public origin, for X-Storage-Url (never taken from the client's Host). */
  origin: string
  /** Called for every token Swift hands out through us (the gateway learns whose it is). */
  onToken?: (t: IssuedSwiftToken) => void
  /** Socket idle timeout towards the proxy; default 60 s (Swift's own client_timeout). */
  timeoutMs?: number
}

const isAuthPath = (p: string): boolean =>
  p === '/auth/v1.0' || p === '/auth/v1.0/' || p.startsWith('/auth/')

function forwardHeaders(h: Headers): Record<string, string> {
  const out: Record<string, string> = {}
  h.forEach((v, k) => {
    if (!HOP.has(k)) out[k] = v
  })
  return out
}

function responseHeaders(h: IncomingHttpHeaders): Headers {
  const out = new Headers()
  for (const [k, v] of Object.entries(h)) {
    if (v === undefined || HOP.has(k)) continue
    for (const one of Array.isArray(v) ? v : [v]) out.append(k, one)
  }
  return out
}

/**
 * Passes one Swift request (/auth, /v1, /info) to the proxy and its answer back, both bodies
 * streamed with backpressure: a 5 GiB upload or download costs a few socket buffers. Swift
 * decides everything (tempauth tokens, ACLs, quotas); the only rewrite is the storage URL of
 * an auth answer, which must name this gateway, not the proxy behind it.
 */
export async function passThrough(req: Request, o: PassThroughOptions): Promise<Response> {
  const url = new URL(req.url)
  const target = new URL(`${url.pathname}${url.search}`, o.proxyUrl)
  const hasBody = req.body !== null && req.method !== 'GET' && req.method !== 'HEAD'
  const res = await httpRequest(target, {
    method: req.method,
    headers: forwardHeaders(req.headers),
    body: hasBody ? Readable.fromWeb(req.body as NodeWebStream<Uint8Array>) : null,
    signal: req.signal,
    timeoutMs: o.timeoutMs ?? 60_000,
  }).catch((e: unknown) => {
    if (e instanceof ZeroLabError && e.code === 'UNAVAILABLE')
      throw new ZeroLabError('UNAVAILABLE', `the Swift proxy ${target.origin} is unreachable`)
    throw e
  })
  const headers = responseHeaders(res.headers)
  if (isAuthPath(url.pathname) && res.status >= 200 && res.status < 300) {
    return authAnswer(req, { status: res.status, headers, text: await readText(res, 64 * 1024) }, o)
  }
  const empty = req.method === 'HEAD' || res.status === 204 || res.status === 304
  if (empty) {
    res.body.resume()
    return new Response(null, { status: res.status, headers })
  }
  const body = Readable.toWeb(res.body) as ReadableStream<Uint8Array>
  return new Response(body, { status: res.status, headers })
}

/** The auth answer with the proxy's storage URL replaced by this gateway's. */
function authAnswer(
  req: Request,
  res: { status: number; headers: Headers; text: string },
  o: PassThroughOptions,
): Response {
  const origin = o.origin
  const proxyOrigin = new URL(o.proxyUrl).origin
  const rewrite = (u: string): string =>
    u.startsWith(proxyOrigin) ? origin + u.slice(proxyOrigin.length) : u
  const { status, headers, text } = res
  const storage = headers.get('x-storage-url')
  if (storage) headers.set('x-storage-url', rewrite(storage))
  const body = text.split(proxyOrigin).join(origin)
  headers.set('content-length', String(Buffer.byteLength(body)))
  const token = headers.get('x-auth-token') ?? headers.get('x-storage-token')
  const account = storage ? decodeURIComponent(new URL(storage).pathname.split('/')[2] ?? '') : ''
  const user = req.headers.get('x-auth-user') ?? req.headers.get('x-storage-user') ?? ''
  if (token && account && o.onToken) {
    const ttl = Number(headers.get('x-auth-token-expires') ?? 86400)
    o.onToken({
      token,
      account,
      user,
      expiresMs: Date.now() + (Number.isFinite(ttl) ? ttl : 86400) * 1000,
    })
  }
  return new Response(req.method === 'HEAD' ? null : body, { status, headers })
}
