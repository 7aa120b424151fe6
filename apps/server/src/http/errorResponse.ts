import { toZeroLabError, type ZeroLabError } from '@zerolab/shared'

/** Paths answered the Swift way: errors as plain text, like a Swift proxy. */
export const isSwiftPath = (path: string): boolean =>
  path.startsWith('/v1/') ||
  path === '/v1' ||
  path.startsWith('/auth/') ||
  path === '/auth' ||
  path === '/info'

/** tempauth's realm: the account of the path, percent-encoded (so it cannot split headers). */
function realm(path: string): string {
  const m = /^\/v1\/([^/]+)/.exec(path)
  if (!m) return 'unknown'
  let account = m[1]!
  try {
    account = decodeURIComponent(account)
  } catch {
    // kept as sent
  }
  return encodeURIComponent(account).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  )
}

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
  if (err.code === 'UNAUTHORIZED') headers.set('WWW-Authenticate', `Swift realm="${realm(path)}"`)
  const status = err.status
  if (method === 'HEAD' || status === 304) return new Response(null, { status, headers })
  if (isSwiftPath(path)) {
    // As a Swift proxy (swob's default type): the message itself, which clients show and
    // Swift's own tests compare.
    headers.set('Content-Type', 'text/html; charset=UTF-8')
    return new Response(err.message, { status, headers })
  }
  headers.set('Content-Type', 'application/json; charset=utf-8')
  return new Response(JSON.stringify({ error: err.toWire() }), { status, headers })
}
