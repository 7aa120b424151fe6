import type { SwiftRequest } from './swiftRequest.ts'

/** A container's CORS settings (X-Container-Meta-Access-Control-*). */
interface CorsInfo {
  allowOrigin: string | undefined
  maxAge: string | undefined
  exposeHeaders: string | undefined
}

const METHODS: Record<'account' | 'container' | 'object', string[]> = {
  account: ['HEAD', 'GET', 'POST', 'OPTIONS'],
  container: ['HEAD', 'GET', 'PUT', 'POST', 'DELETE', 'OPTIONS'],
  object: ['HEAD', 'GET', 'PUT', 'POST', 'DELETE', 'OPTIONS', 'COPY'],
}

const level = (r: SwiftRequest): 'account' | 'container' | 'object' =>
  r.object !== undefined ? 'object' : r.container !== undefined ? 'container' : 'account'

function corsInfo(r: SwiftRequest): CorsInfo {
  if (r.container === undefined)
    return { allowOrigin: undefined, maxAge: undefined, exposeHeaders: undefined }
  const meta = r.deps.store.settingsOf(r.account, r.container).container
  return {
    allowOrigin: meta['x-container-meta-access-control-allow-origin'],
    maxAge: meta['x-container-meta-access-control-max-age'],
    exposeHeaders: meta['x-container-meta-access-control-expose-headers'],
  }
}

/** Swift's `is_origin_allowed`: the container's list, then the server's cors_allow_origin. */
function originAllowed(r: SwiftRequest, info: CorsInfo, origin: string): boolean {
  const allowed = new Set([
    ...(info.allowOrigin ?? '').split(/\s+/),
    ...r.deps.config.corsAllowOrigin,
  ])
  allowed.delete('')
  return allowed.has('*') || allowed.has(origin)
}

const star = (info: CorsInfo): boolean => info.allowOrigin?.trim() === '*'

/**
 * OPTIONS (Swift's `Controller.OPTIONS`): without Origin, 200 with Allow; a preflight from an
 * allowed origin asking for an allowed method gets 200 with the CORS headers, anything else 401.
 */
export function corsPreflight(r: SwiftRequest): Response {
  const methods = METHODS[level(r)]
  const allow = { Allow: methods.join(', '), 'Content-Length': '0' }
  const origin = r.headers.get('origin')
  if (!origin) return new Response(null, { status: 200, headers: allow })
  const info = corsInfo(r)
  const method = r.headers.get('access-control-request-method')
  if (!originAllowed(r, info, origin) || !method || !methods.includes(method)) {
    return new Response(null, { status: 401, headers: allow })
  }
  const h = new Headers(allow)
  h.set('Access-Control-Allow-Origin', star(info) ? '*' : origin)
  h.set('Vary', 'Origin')
  if (info.maxAge !== undefined) h.set('Access-Control-Max-Age', info.maxAge)
  h.set('Access-Control-Allow-Methods', methods.join(', '))
  const asked = (r.headers.get('access-control-request-headers') ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
  if (asked.length) {
    h.set('Access-Control-Allow-Headers', [...new Set(asked)].join(', '))
    h.set('Vary', 'Origin, Access-Control-Request-Headers')
  }
  return new Response(null, { status: 200, headers: h })
}

const SIMPLE = [
  'cache-control',
  'content-language',
  'content-type',
  'expires',
  'last-modified',
  'pragma',
  'etag',
  'x-timestamp',
  'x-trans-id',
  'x-openstack-request-id',
]

/**
 * Swift's `cors_validation` (strict mode) for a response to a request with an Origin: when
 * the origin is allowed, expose the simple headers, Swift's own, the metadata in the response
 * and the container's expose list, and name the origin.
 */
export function corsDecorate(r: SwiftRequest, res: Response): Response {
  const origin = r.headers.get('origin')
  if (!origin) return res
  const info = corsInfo(r)
  if (!originAllowed(r, info, origin)) return res
  const h = new Headers(res.headers)
  if (!h.has('access-control-expose-headers')) {
    const expose = new Set(SIMPLE)
    h.forEach((_v, k) => {
      if (k.startsWith('x-container-meta') || k.startsWith('x-object-meta')) expose.add(k)
    })
    for (const x of (info.exposeHeaders ?? '').split(' '))
      if (x.trim()) expose.add(x.trim().toLowerCase())
    h.set('Access-Control-Expose-Headers', [...expose].join(', '))
  }
  if (!h.has('access-control-allow-origin')) {
    if (star(info)) h.set('Access-Control-Allow-Origin', '*')
    else {
      h.set('Access-Control-Allow-Origin', origin)
      h.set('Vary', h.has('vary') ? `${h.get('vary')}, Origin` : 'Origin')
    }
  }
  return new Response(res.body, { status: res.status, statusText: res.statusText, headers: h })
}
