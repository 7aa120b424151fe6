import { ZeroLabError, type ShareLink } from '@zerolab/shared'
import type { Hono } from 'hono'
import type { AppDeps } from '../appDeps.ts'
import { principalOf } from '../http/apiPrincipal.ts'
import { parseJsonBody, readBody } from '../http/readBody.ts'

/** `POST /api/shares` stores a job document (201, or 200 when known); `GET /api/shares/:id`. */
export function registerShareRoutes(app: Hono, deps: AppDeps): void {
  app.post('/api/shares', async (c) => {
    // Stored links cost disk: they need an account and count against its quota.
    const who = principalOf(c, deps.auth)
    if (!who)
      throw new ZeroLabError(
        'UNAUTHORIZED',
        'sign in to store a share link (X-Auth-Token)',
        'X-Auth-Token',
      )
    const doc = await parseJsonBody(
      await readBody(c.req.raw, deps.execOptions.maxShareBytes),
      'shared document',
    )
    const { id, size, created } = deps.shares.create(doc, who)
    const link: ShareLink = { id, url: `/api/shares/${id}`, size }
    return c.json(link, created ? 201 : 200, { Location: link.url })
  })

  app.get('/api/shares/:id', (c) => {
    const id = c.req.param('id')
    const doc = deps.shares.get(id)
    const etag = `"${id}"`
    if (c.req.header('if-none-match') === etag) return c.body(null, 304, { ETag: etag })
    return c.body(doc, 200, {
      'Content-Type': 'application/json; charset=utf-8',
      'Cache-Control': 'public, max-age=31536000, immutable',
      ETag: etag,
    })
  })
}
