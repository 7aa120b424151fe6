import { ZeroLabError, errorFromResponse } from '@zerolab/shared'
import { CliError, EXIT } from './cliError.ts'
import { readConfig } from './config.ts'
import type { CliIo } from './io.ts'

/** A logged-in server: where to send Swift, ZeroCloud and JSON API requests. */
export interface Remote {
  url: string
  storageUrl: string
  token: string
  user: string
}

/** `http(s)://host[:port][/base]` without a trailing slash, or a usage error. */
export function serverUrl(raw: string): string {
  let u: URL
  try {
    u = new URL(raw)
  } catch {
    throw new CliError(
      'INVALID_REQUEST',
      `bad URL "${raw}" (expected http://host:port)`,
      EXIT.usage,
    )
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:')
    throw new CliError('INVALID_REQUEST', `bad URL "${raw}": http or https only`, EXIT.usage)
  return `${u.origin}${u.pathname.replace(/\/+$/, '')}`
}

/** fetch, with a network failure turned into UNAVAILABLE. */
export async function send(url: string, init: RequestInit = {}): Promise<Response> {
  try {
    return await fetch(url, init)
  } catch (e) {
    const cause = (e as { cause?: { code?: string; message?: string } }).cause
    const why = cause?.code ?? cause?.message ?? (e as Error).message
    throw new CliError(
      'UNAVAILABLE',
      `cannot reach ${new URL(url).origin}: ${why}`,
      EXIT.unreachable,
    )
  }
}

/**
 * The server's error answer (`errorFromResponse`: X-Error-Code, the JSON `{error}` or the
 * status) as a ZeroLabError whose message says what failed, with hints for a shell user.
 */
export async function httpError(res: Response, what: string): Promise<ZeroLabError> {
  const e = await errorFromResponse(res)
  let msg = `${what}: ${res.status} ${e.message}`
  if (res.status === 401) msg += ' (token expired or wrong key? run zerolab login)'
  const retry = res.headers.get('retry-after')
  if (retry) msg += ` (retry after ${retry} s)`
  if (e.code === 'INVALID_JOB') return new CliError(e.code, msg, EXIT.usage, e.path)
  return new ZeroLabError(e.code, msg, e.path, e.limit)
}

/** tempauth login: `GET /auth/v1.0` with X-Auth-User / X-Auth-Key. */
export async function authenticate(
  url: string,
  user: string,
  key: string,
): Promise<Remote & { expiresAt: number }> {
  const base = serverUrl(url)
  const res = await send(`${base}/auth/v1.0`, {
    headers: { 'X-Auth-User': user, 'X-Auth-Key': key },
  })
  if (res.status === 401) {
    await res.body?.cancel()
    throw new CliError('UNAUTHORIZED', `login as ${user} refused: wrong user or key`, EXIT.auth)
  }
  if (!res.ok) throw await httpError(res, `login at ${base}`)
  await res.body?.cancel()
  const token = res.headers.get('x-auth-token')
  const storageUrl = res.headers.get('x-storage-url')
  if (!token || !storageUrl)
    throw new ZeroLabError('INTERNAL', `${base}/auth/v1.0 gave no X-Auth-Token / X-Storage-Url`)
  const expires = Number(res.headers.get('x-auth-token-expires') ?? '86400')
  return { url: base, storageUrl, token, user, expiresAt: Date.now() + expires * 1000 }
}

/**
 * The server to talk to: ZEROLAB_URL + ZEROLAB_USER + ZEROLAB_KEY (a fresh login each
 * time), else the config `zerolab login` wrote.
 */
export async function connect(io: CliIo): Promise<Remote> {
  const { ZEROLAB_URL: url, ZEROLAB_USER: user, ZEROLAB_KEY: key } = io.env
  if (url) {
    if (!user || !key)
      throw new CliError(
        'INVALID_REQUEST',
        'ZEROLAB_URL is set: ZEROLAB_USER and ZEROLAB_KEY are needed too',
        EXIT.usage,
      )
    return authenticate(url, user, key)
  }
  const c = readConfig(io.env)
  if (!c)
    throw new CliError(
      'UNAUTHORIZED',
      'not logged in: run zerolab login --url <url> --user <account:user> --key <key>, or set ZEROLAB_URL, ZEROLAB_USER and ZEROLAB_KEY',
      EXIT.auth,
    )
  if (c.expiresAt && c.expiresAt <= Date.now())
    throw new CliError(
      'UNAUTHORIZED',
      `the token for ${c.url} expired: run zerolab login`,
      EXIT.auth,
    )
  return c
}

/** `container/a/b` → `/container/a/b` with every segment percent-encoded. */
export function objectPath(container: string, object?: string): string {
  const enc = (s: string): string => s.split('/').map(encodeURIComponent).join('/')
  return `/${encodeURIComponent(container)}${object !== undefined ? `/${enc(object)}` : ''}`
}

/** The chunks of a response body (DOM typings give ReadableStream no async iterator). */
export async function* chunks(body: ReadableStream<Uint8Array>): AsyncGenerator<Uint8Array> {
  const reader = body.getReader()
  try {
    for (;;) {
      const { done, value } = await reader.read()
      if (done) return
      yield value
    }
  } finally {
    reader.releaseLock()
  }
}
