import { ZeroLabError } from '@zerolab/shared'
import type { Context, Hono } from 'hono'
import type { AppDeps } from '../appDeps.ts'
import { requirePrincipal } from '../http/apiPrincipal.ts'
import { publicOrigin } from '../http/publicOrigin.ts'
import { parseJsonBody, readBody } from '../http/readBody.ts'
import type { WorkshopService } from './workshopService.ts'

const MAX_BODY = 16 * 1024

async function jsonBody(c: Context): Promise<Record<string, unknown>> {
  const doc = await parseJsonBody(await readBody(c.req.raw, MAX_BODY))
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc))
    throw new ZeroLabError('INVALID_REQUEST', 'the body must be a JSON object', '$')
  return doc as Record<string, unknown>
}

/** Cluster mode: students would be Swift tempauth users, which no API here can make. */
function notHere(): never {
  throw new ZeroLabError(
    'NOT_IMPLEMENTED',
    'workshops need the embedded store; this server runs jobs on a Swift cluster',
  )
}

/**
 * `/api/workshops`: instructors (account admins) create, list and close lesson links and see
 * their students' runs; `GET /api/workshops/:id` and `POST …/join` need no token (the link is
 * the invitation).
 */
export function registerWorkshopRoutes(app: Hono, deps: AppDeps): void {
  const svc = (): WorkshopService => deps.workshops ?? notHere()
  const origin = (c: Context): string => publicOrigin(c, deps)

  app.post('/api/workshops', async (c) => {
    const who = requirePrincipal(c, deps.auth)
    return c.json(svc().create(who, await jsonBody(c), origin(c)), 201)
  })
  app.get('/api/workshops', (c) =>
    c.json({ workshops: svc().list(requirePrincipal(c, deps.auth), origin(c)) }),
  )
  app.get('/api/workshops/:id', (c) => c.json(svc().invite(c.req.param('id'))))
  app.post('/api/workshops/:id/join', async (c) =>
    c.json(svc().join(c.req.param('id'), await jsonBody(c)), 201),
  )
  app.get('/api/workshops/:id/students', (c) =>
    c.json(svc().students(requirePrincipal(c, deps.auth), c.req.param('id'), origin(c))),
  )
  app.post('/api/workshops/:id/close', (c) =>
    c.json(svc().close(requirePrincipal(c, deps.auth), c.req.param('id'), origin(c))),
  )
}
