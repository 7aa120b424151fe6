import { ZeroLabError } from '@zerolab/shared'
import { timingSafeEqual } from 'node:crypto'
import type { IncomingMessage } from 'node:http'
import { isIP } from 'node:net'
import { makePrincipal, type Principal } from '../auth/principal.ts'
import { tempUrlHmac } from '../storage/tempUrlSignature.ts'
import type { Meta } from '../storage/types.ts'
import type { SwiftRequest } from './swiftRequest.ts'

/** What /info advertises under `tempurl` (Swift's defaults). */
export const TEMPURL_INFO = {
  methods: ['GET', 'HEAD', 'PUT', 'POST', 'DELETE'],
  incoming_remove_headers: ['x-timestamp'],
  incoming_allow_headers: [],
  outgoing_remove_headers: ['x-object-meta-*'],
  outgoing_allow_headers: ['x-object-meta-public-*'],
  allowed_digests: ['sha1', 'sha256', 'sha512'],
  deprecated_digests: ['sha1'],
}

const DISALLOWED = ['x-object-manifest', 'x-symlink-target', 'x-copy-from']
const BY_HEX_LENGTH: Record<number, string> = { 40: 'sha1', 64: 'sha256', 128: 'sha512' }

export interface TempUrlAccess {
  /** Acts for the request only: an owner of the account, as Swift's authorize override. */
  who: Principal
  expires: number
  filename: string | undefined
  inline: boolean
}

/** A temp URL that does not check out: 401 with Swift's body. */
const invalid = (): ZeroLabError =>
  new ZeroLabError('UNAUTHORIZED', '401 Unauthorized: Temp URL invalid', 'temp_url_sig')

/** `<hex>` (length picks the digest) or `<digest>:<base64>` → [digest, hex]. */
function parseSig(sig: string): [string, string] | null {
  const colon = sig.indexOf(':')
  if (colon >= 0) {
    let b64 = sig.slice(colon + 1)
    if (/[-_]/.test(b64) && !/[+/]/.test(b64)) b64 = b64.replace(/-/g, '+').replace(/_/g, '/')
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(b64)) return null
    return [sig.slice(0, colon), Buffer.from(b64, 'base64').toString('hex')]
  }
  if (!/^[0-9a-fA-F]*$/.test(sig)) return null
  const d = BY_HEX_LENGTH[sig.length]
  return d ? [d, sig.toLowerCase()] : null
}

/** `temp_url_expires`: Unix seconds or `YYYY-MM-DDTHH:MM:SSZ`; 0 when unreadable or past. */
function expiresOf(v: string, nowMs: number): number {
  let t = /^\d+$/.test(v) ? Number(v) : NaN
  if (Number.isNaN(t) && /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/.test(v)) t = Date.parse(v) / 1000
  if (Number.isNaN(t) || t < nowMs / 1000) return 0
  return t
}

function inRange(ip: string, range: string): boolean {
  const addr = ip.replace(/^::ffff:(?=\d+\.)/, '')
  const [net, bitsText] = range.split('/')
  if (!net || isIP(net) === 0) throw invalid()
  if (isIP(addr) !== 4 || isIP(net) !== 4) return addr === net
  const bits = bitsText === undefined ? 32 : Number(bitsText)
  if (!Number.isInteger(bits) || bits < 0 || bits > 32) throw invalid()
  const num = (s: string): number => s.split('.').reduce((n, o) => n * 256 + Number(o), 0)
  const mask = bits === 0 ? 0 : 2 ** 32 - 2 ** (32 - bits)
  return (num(addr) & mask) >>> 0 === (num(net) & mask) >>> 0
}

const keysOf = (meta: Meta, kind: 'account' | 'container'): string[] =>
  [`x-${kind}-meta-temp-url-key`, `x-${kind}-meta-temp-url-key-2`]
    .map((k) => meta[k])
    .filter((v): v is string => !!v)

/**
 * Swift's tempurl middleware: a request with `temp_url_sig` + `temp_url_expires` (and maybe
 * `temp_url_prefix`, `temp_url_ip_range`) is allowed when the signature matches one of the
 * account's or container's Temp-URL keys with SHA-1/256/512, for the method (a HEAD may use a
 * GET, PUT or POST signature) and the object path (or the signed prefix). Returns null when
 * the request carries no temp URL.
 */
export function tempUrlAccess(r: SwiftRequest): TempUrlAccess | null {
  const q = r.query
  const sigText = q.get('temp_url_sig')
  const expText = q.get('temp_url_expires')
  if (sigText === undefined && expText === undefined) return null
  if (r.method === 'OPTIONS') return null
  if (!sigText || !expText) throw invalid()
  const parsed = parseSig(sigText)
  if (!parsed || !TEMPURL_INFO.allowed_digests.includes(parsed[0])) throw invalid()
  const [digest, sig] = parsed
  const expires = expiresOf(expText, r.deps.store.nowMs())
  if (!expires) throw invalid()
  if (!TEMPURL_INFO.methods.includes(r.method) || r.container === undefined || !r.object)
    throw invalid()
  const ipRange = q.get('temp_url_ip_range')
  if (ipRange) {
    const incoming = (r.c.env as { incoming?: IncomingMessage } | undefined)?.incoming
    const ip = incoming?.socket.remoteAddress
    if (!ip || !inRange(ip, ipRange)) throw invalid()
  }
  const prefix = q.get('temp_url_prefix')
  if (prefix !== undefined && !r.object.startsWith(prefix)) throw invalid()
  const path =
    prefix === undefined
      ? `/v1/${r.account}/${r.container}/${r.object}`
      : `prefix:/v1/${r.account}/${r.container}/${prefix}`
  const store = r.deps.store
  const settings = store.settingsOf(r.account, r.container)
  const keys = [
    ...keysOf(settings.account, 'account').map((key) => ({
      key,
      scope: 'account',
    })),
    ...keysOf(settings.container, 'container').map((key) => ({
      key,
      scope: 'container',
    })),
  ]
  const methods = r.method === 'HEAD' ? ['HEAD', 'GET', 'POST', 'PUT'] : [r.method]
  const want = Buffer.from(sig)
  const match = keys.find((k) =>
    methods.some((method) => {
      const got = Buffer.from(tempUrlHmac({ method, expires, path, key: k.key, digest, ipRange }))
      return got.length === want.length && timingSafeEqual(got, want)
    }),
  )
  if (!match) throw invalid()
  if (r.method !== 'GET' && r.method !== 'HEAD') {
    const bad = DISALLOWED.find((h) => r.headers.has(h))
    if (bad) {
      const title = bad.replace(/(^|-)([a-z])/g, (_m, d: string, c: string) => d + c.toUpperCase())
      throw new ZeroLabError(
        'INVALID_HEADER',
        `The header '${title}' is not allowed in this tempurl`,
        title,
      )
    }
  }
  const accountName = r.account.replace(/^AUTH_/, '')
  const who = makePrincipal(accountName, '.tempurl')
  // A container key reaches only its container (Swift's authorize_same_container).
  who.tempUrl = match.scope === 'container' ? { container: r.container } : {}
  return {
    who,
    expires,
    filename: q.get('filename'),
    inline: q.has('inline'),
  }
}

/** Python's `quote` with the given safe characters. */
const quote = (s: string, safe: string): string =>
  [...Buffer.from(s, 'utf8')]
    .map((b) => {
      const ch = String.fromCharCode(b)
      return /[A-Za-z0-9_.~-]/.test(ch) || safe.includes(ch)
        ? ch
        : `%${b.toString(16).toUpperCase().padStart(2, '0')}`
    })
    .join('')

const disposition = (type: string, name: string): string =>
  `${type}; filename="${quote(name, ' /')}"; filename*=UTF-8''${quote(name, '/')}`

/**
 * The response to a temp URL request: object metadata removed (except
 * X-Object-Meta-Public-*), and for a successful GET/HEAD a Content-Disposition (`inline`, the
 * `filename`, the stored one, or an attachment named after the object) and Expires.
 */
export function tempUrlResponse(r: SwiftRequest, t: TempUrlAccess, res: Response): Response {
  const h = new Headers(res.headers)
  for (const k of [...h.keys()]) {
    if (k.startsWith('x-object-meta-') && !k.startsWith('x-object-meta-public-')) h.delete(k)
  }
  if ((r.method === 'GET' || r.method === 'HEAD') && res.status >= 200 && res.status < 300) {
    const existing = h.get('content-disposition')
    const base = r.object!.replace(/\/+$/, '').split('/').pop() ?? ''
    const value = t.inline
      ? t.filename
        ? disposition('inline', t.filename)
        : 'inline'
      : t.filename
        ? disposition('attachment', t.filename)
        : (existing ?? disposition('attachment', base))
    h.set('Content-Disposition', value.replace(/\n/g, '%0A'))
    h.set('Expires', new Date(t.expires * 1000).toUTCString())
  }
  return new Response(res.body, { status: res.status, statusText: res.statusText, headers: h })
}
