import { ZeroLabError } from '@zerolab/shared'
import type { Context, Hono } from 'hono'
import type { AppDeps } from '../appDeps.ts'
import { requirePrincipal } from '../http/apiPrincipal.ts'
import { parseJsonBody, readBody } from '../http/readBody.ts'
import { publicOrigin } from '../http/publicOrigin.ts'

const MAX_BODY = 64 * 1024

async function jsonBody(c: Context): Promise<Record<string, unknown>> {
  const doc = await parseJsonBody(await readBody(c.req.raw, MAX_BODY))
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc))
    throw new ZeroLabError('INVALID_REQUEST', 'the body must be a JSON object', '$')
  return doc as Record<string, unknown>
}

/**
 * `/api/account/…` (the caller's account, its users, workshop students) and `/api/tempurl`
 * (a signed download link). Admin calls answer 403 to plain members.
 */
export function registerAccountRoutes(app: Hono, deps: AppDeps): void {
  const svc = deps.accounts

  app.get('/api/account', (c) => c.json(svc.view(requirePrincipal(c, deps.auth))))
  app.get('/api/account/users', (c) =>
    c.json({ users: svc.listUsers(requirePrincipal(c, deps.auth)) }),
  )
  app.put('/api/account/users/:user', async (c) => {
    const who = requirePrincipal(c, deps.auth)
    const r = svc.putUser(who, c.req.param('user'), await jsonBody(c))
    return c.json(r.user, r.created ? 201 : 200)
  })
  app.delete('/api/account/users/:user', (c) => {
    svc.deleteUser(requirePrincipal(c, deps.auth), c.req.param('user'))
    return c.body(null, 204)
  })
  app.post('/api/account/students', async (c) => {
    const who = requirePrincipal(c, deps.auth)
    const students = svc.students(who, await jsonBody(c))
    return c.json(
      { account: who.account, authUrl: `${publicOrigin(c, deps)}/auth/v1.0`, students },
      201,
    )
  })
  app.post('/api/tempurl', async (c) => {
    const who = requirePrincipal(c, deps.auth)
    return c.json(svc.tempUrl(who, await jsonBody(c), publicOrigin(c, deps)))
  })
}
