import { serveStatic } from '@hono/node-server/serve-static'
import { ZeroLabError } from '@zerolab/shared'
import { Hono, type Context } from 'hono'
import { cors } from 'hono/cors'
import { HTTPException } from 'hono/http-exception'
import { existsSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import type { AppDeps } from './appDeps.ts'
import { registerAssetRoutes } from './assets/registerAssetRoutes.ts'
import { registerCompileRoutes } from './compile/registerCompileRoutes.ts'
import { isExecute, registerExecRoutes } from './exec/registerExecRoutes.ts'
import { isolateCrossOrigin } from './http/crossOriginIsolation.ts'
import { errorResponse, isSwiftPath } from './http/errorResponse.ts'
import { protectUserContent } from './http/userContent.ts'
import { registerApiRoutes } from './jobs/registerApiRoutes.ts'
import { routeLabel } from './metrics/serverMetrics.ts'
import { registerShareRoutes } from './shares/registerShareRoutes.ts'
import { registerWorkshopRoutes } from './workshops/registerWorkshopRoutes.ts'

const EXPOSED_HEADERS = [
  'ETag',
  'Last-Modified',
  'Content-Range',
  'X-Auth-Token',
  'X-Storage-Token',
  'X-Storage-Url',
  'X-Auth-Token-Expires',
  'X-Error-Code',
  'X-Error-Path',
  'X-Trans-Id',
  'X-Timestamp',
  'X-Account-Container-Count',
  'X-Account-Object-Count',
  'X-Account-Bytes-Used',
  'X-Container-Object-Count',
  'X-Container-Bytes-Used',
  'X-Copied-From',
  'Retry-After',
  ...[
    'System',
    'Status',
    'Retcode',
    'Validation',
    'Etag',
    'Cdr-Line',
    'Error',
    'Policy',
    'Colocated',
    'Cached',
  ].map((h) => `X-Nexe-${h}`),
]

/**
 * The whole HTTP surface, without listening. Order matters: ZeroCloud execution first (it
 * claims only requests with X-Zerovm-Execute and otherwise calls next()), then the JSON API,
 * then the object API (`deps.objectApi`, mounted at `/`), then the web app with SPA fallback.
 */
export function createApp(deps: AppDeps): Hono {
  const app = new Hono()
  let seq = 0
  app.use(async (c, next) => {
    await next()
    const id = `tx${Date.now().toString(16)}-${(seq++).toString(16)}`
    c.res.headers.set('X-Trans-Id', id)
    c.res.headers.set('X-Openstack-Request-Id', id)
    // The web app is cross-origin isolated; everything else may carry user content and must
    // never act as the app.
    if (isWebPath(c.req.path)) isolateCrossOrigin(c.res.headers)
    else protectUserContent(c.res.headers, c.res.status)
  })
  // Tokens travel in headers, never cookies, so any origin may call (the web app in dev).
  const anyOrigin = cors({
    origin: '*',
    allowMethods: ['GET', 'HEAD', 'PUT', 'POST', 'DELETE', 'COPY', 'OPTIONS'],
    allowHeaders: [],
    exposeHeaders: EXPOSED_HEADERS,
    maxAge: 600,
  })
  // The object API under /v1 follows Swift's CORS rules (src/swift/cors.ts); ZeroCloud
  // execution (and its preflight) keeps the permissive policy of the rest.
  app.use('*', (c, next) => (swiftCors(c) ? next() : anyOrigin(c, next)))
  // Every request is counted by route and status (GET /metrics).
  app.use('*', async (c, next) => {
    const execute = isExecute(c)
    try {
      await next()
    } finally {
      deps.metrics.request({
        route: routeLabel(c.req.method, c.req.path, execute),
        method: c.req.method,
        status: String(c.res.status),
      })
    }
  })
  app.onError((e, c) => {
    if (e instanceof HTTPException && !(e.cause instanceof ZeroLabError)) {
      const code =
        e.status === 413 ? 'PAYLOAD_TOO_LARGE' : e.status < 500 ? 'INVALID_REQUEST' : 'INTERNAL'
      return errorResponse(
        new ZeroLabError(code, e.message || 'bad request'),
        c.req.path,
        c.req.method,
      )
    }
    const err = e instanceof HTTPException ? e.cause : e
    if (!(err instanceof ZeroLabError) || err.status >= 500) {
      deps.log.error('request failed', {
        method: c.req.method,
        path: c.req.path,
        error: err instanceof Error ? (err.stack ?? err.message) : String(err),
      })
    }
    return errorResponse(err, c.req.path, c.req.method)
  })
  app.notFound((c) =>
    errorResponse(new ZeroLabError('NOT_FOUND', 'not found', c.req.path), c.req.path, c.req.method),
  )

  registerExecRoutes(app, deps)
  registerApiRoutes(app, deps)
  registerShareRoutes(app, deps)
  registerCompileRoutes(app, deps)
  registerWorkshopRoutes(app, deps)
  registerAssetRoutes(app)
  app.route('/', deps.objectApi(deps))
  mountWeb(app, deps.config.webDist)
  return app
}

const swiftCors = (c: Context): boolean =>
  c.req.path.startsWith('/v1/') &&
  !isExecute(c) &&
  !/x-zerovm-execute/i.test(c.req.header('access-control-request-headers') ?? '')

/** Paths of the web app (its files and SPA routes); every other path is an API surface. */
const isWebPath = (path: string): boolean =>
  !isSwiftPath(path) && !path.startsWith('/api/') && path !== '/api' && path !== '/metrics'

function mountWeb(app: Hono, dist: string | undefined): void {
  if (!dist || !existsSync(join(dist, 'index.html'))) return
  const root = relative(process.cwd(), dist) || '.'
  const index = readFileSync(join(dist, 'index.html'), 'utf8')
  const spa = isWebPath
  // On-the-fly gzip of Monaco (4 MB) costs more than it saves on localhost; `.gz`/`.br`
  // files next to the assets (if a build emits them) are served as they are.
  const files = serveStatic({
    root,
    precompressed: true,
    // Vite's hashed file names never change content.
    onFound: (path, c) => {
      if (path.includes('/assets/'))
        c.header('Cache-Control', 'public, max-age=31536000, immutable')
    },
  })
  const web = (c: Context): boolean =>
    (c.req.method === 'GET' || c.req.method === 'HEAD') && spa(c.req.path)
  app.use('*', async (c, next) => (web(c) ? files(c, next) : next()))
  app.get('*', (c) => {
    if (!spa(c.req.path)) return c.notFound()
    c.header('Cache-Control', 'no-cache')
    return c.html(index)
  })
}
