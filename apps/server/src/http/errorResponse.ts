import { toZeroLabError, type ZeroLabError } from '@zerolab/shared'

/** Paths answered the Swift way: errors as plain text, like a Swift proxy. */
export const isSwiftPath = (path: string): boolean =>
  path.startsWith('/v1/') ||
  path === '/v1' ||
  path.startsWith('/auth/') ||
  path === '/auth' ||
  path === '/info'

/**
 * One error shape for the whole server. Every error carries `X-Error-Code: <CODE>`.
 * Swift paths (/v1, /auth, /info) get a `text/plain` body with the message (Swift clients
 * only show the body), everything else gets JSON `{ "error": { code, message, path? } }`.
 * HEAD responses carry no body.
 */
export function errorResponse(e: unknown, path: string, method: string): Response {
  const err: ZeroLabError = toZeroLabError(e)
  const headers = new Headers({ 'X-Error-Code': err.code })
  if (err.path !== undefined) headers.set('X-Error-Path', encodeURIComponent(err.path))
  if (err.code === 'UNAUTHORIZED') headers.set('WWW-Authenticate', 'Swift realm="zerolab"')
  const status = err.status
  if (method === 'HEAD' || status === 304) return new Response(null, { status, headers })
  if (isSwiftPath(path)) {
    headers.set('Content-Type', 'text/plain; charset=utf-8')
    return new Response(`${err.message}\n`, { status, headers })
  }
  headers.set('Content-Type', 'application/json; charset=utf-8')
  return new Response(JSON.stringify({ error: err.toWire() }), { status, headers })
}
