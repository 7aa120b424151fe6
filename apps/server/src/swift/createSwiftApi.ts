import { ZeroLabError } from '@zerolab/shared'
import { Hono, type Context } from 'hono'
import type { AppDeps } from '../appDeps.ts'
import { registerAccountRoutes } from '../account/registerAccountRoutes.ts'
import { errorResponse } from '../http/errorResponse.ts'
import { accountHandler } from './accountHandler.ts'
import { registerAuthRoutes } from './authRoutes.ts'
import { bulkFormat, readDeleteList, runDeletes } from './bulkDelete.ts'
import { containerHandler } from './containerHandler.ts'
import { corsDecorate, corsPreflight } from './cors.ts'
import { objectHandler } from './objectHandler.ts'
import { requestPrincipal } from './requestPrincipal.ts'
import { swiftRequest, type SwiftRequest } from './swiftRequest.ts'
import { tempUrlAccess, tempUrlResponse } from './tempUrl.ts'

async function dispatch(r: SwiftRequest): Promise<Response> {
  if (r.method === 'OPTIONS') return corsPreflight(r)
  if (r.query.has('bulk-delete') && (r.method === 'POST' || r.method === 'DELETE')) {
    const format = bulkFormat(r.header('accept'))
    if (!format) throw new ZeroLabError('NOT_ACCEPTABLE', 'Not Acceptable', 'Accept')
    const type = r.headers.get('content-type')
    if (type && !type.startsWith('text/plain'))
      throw new ZeroLabError('NOT_ACCEPTABLE', 'Not Acceptable', 'Content-Type')
    return runDeletes(r, await readDeleteList(r), format)
  }
  if (r.container === undefined) return accountHandler(r)
  if (r.object === undefined) return containerHandler(r)
  return objectHandler(r)
}

/**
 * The embedded store's Swift object surface, as a sub-app the composition root mounts
 * (AppDeps.objectApi): `/auth/v1.0`, `/info`, `/api/account` and `/api/tempurl` (its users and
 * signed links), and everything under `/v1/` (except ZeroCloud execution): the principal from
 * the token or a temp URL, then the account, container or object handler, with Swift's CORS
 * rules on the way out.
 */
export function createSwiftApi(deps: AppDeps): Hono {
  const app = new Hono()
  registerAccountRoutes(app, deps)
  registerAuthRoutes(app, deps)
  // Swift answers a path without an account with 412 Bad URL.
  const badUrl = (c: Context): Response =>
    errorResponse(new ZeroLabError('PRECONDITION_FAILED', 'Bad URL'), c.req.path, c.req.method)
  app.all('/v1', badUrl)
  app.all('/v1/', badUrl)
  app.all('/v1/*', async (c, next) => {
    if (c.req.header('x-zerovm-execute') !== undefined) return next()
    let r: SwiftRequest | undefined
    let res: Response
    try {
      r = swiftRequest(c, deps, null)
      const temp = tempUrlAccess(r)
      r.who = temp ? temp.who : requestPrincipal(c, deps.auth)
      res = await dispatch(r)
      if (temp) res = tempUrlResponse(r, temp, res)
    } catch (e) {
      if (!(e instanceof ZeroLabError) || (e.status >= 500 && e.code !== 'NOT_IMPLEMENTED')) {
        deps.log.error('request failed', {
          method: c.req.method,
          path: c.req.path,
          error: e instanceof Error ? (e.stack ?? e.message) : String(e),
        })
      }
      res = errorResponse(e, c.req.path, c.req.method)
    }
    return r ? corsDecorate(r, res) : res
  })
  return app
}
