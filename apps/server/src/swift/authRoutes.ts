import { ZeroLabError } from '@zerolab/shared'
import type { Context, Hono } from 'hono'
import type { AppDeps } from '../appDeps.ts'
import { publicOrigin } from '../http/publicOrigin.ts'
import { swiftInfo } from './info.ts'

/** `X-Storage-Url`: the public origin's `/v1/<account>`. */
export function storageUrl(c: Context, deps: AppDeps, account: string): string {
  return `${publicOrigin(c, deps)}/v1/${account}`
}

/** tempauth's `GET /auth/v1.0` and Swift's `GET /info` (capabilities). */
export function registerAuthRoutes(app: Hono, deps: AppDeps): void {
  const getToken = (c: Context): Response => {
    const user = c.req.header('x-auth-user') ?? c.req.header('x-storage-user')
    const key = c.req.header('x-auth-key') ?? c.req.header('x-storage-pass')
    if (!user || !key) {
      throw new ZeroLabError(
        'UNAUTHORIZED',
        'X-Auth-User and X-Auth-Key are required',
        'X-Auth-User',
      )
    }
    const t = deps.auth.login(user, key)
    const url = storageUrl(c, deps, t.principal.account)
    const expires = Math.floor((t.expiresMs - Date.now()) / 1000)
    return new Response(JSON.stringify({ storage: { default: 'local', local: url } }), {
      status: 200,
      headers: {
        'Content-Type': 'application/json; charset=utf-8',
        'X-Auth-Token': t.token,
        'X-Storage-Token': t.token,
        'X-Storage-Url': url,
        'X-Auth-Token-Expires': String(expires),
      },
    })
  }
  app.get('/auth/v1.0', getToken)
  app.get('/auth/v1.0/', getToken)
  app.get('/info', (c) => c.json(swiftInfo(deps)))
}
