import { Hono } from 'hono'
import type { AppDeps } from '../appDeps.ts'
import { accountHandler } from './accountHandler.ts'
import { registerAuthRoutes } from './authRoutes.ts'
import { containerHandler } from './containerHandler.ts'
import { objectHandler } from './objectHandler.ts'
import { parseSwiftPath } from './parseSwiftPath.ts'
import { requestPrincipal } from './requestPrincipal.ts'

/**
 * The embedded store's Swift object surface: `/auth/v1.0`, `/info` and everything under
 * `/v1/` (except ZeroCloud execution), as a sub-app the composition root mounts (AppDeps.objectApi).
 */
export function createSwiftApi(deps: AppDeps): Hono {
  const app = new Hono()
  registerAuthRoutes(app, deps)
  app.all('/v1/*', async (c, next) => {
    if (c.req.header('x-zerovm-execute') !== undefined) return next()
    const who = requestPrincipal(c, deps.auth)
    const p = parseSwiftPath(new URL(c.req.url).pathname)
    if (p.container === undefined) return accountHandler(c, deps, who, p.account)
    if (p.object === undefined)
      return containerHandler(c, deps, who, { account: p.account, container: p.container })
    return objectHandler(c, deps, who, {
      account: p.account,
      container: p.container,
      name: p.object,
    })
  })
  return app
}
