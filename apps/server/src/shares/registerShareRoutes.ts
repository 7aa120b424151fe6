import { ZeroLabError } from '@zerolab/shared'
import type { Context, Hono } from 'hono'
import type { AppDeps } from '../appDeps.ts'
import type { Principal } from '../auth/principal.ts'
import type { ExecServices } from '../runner/execServices.ts'
import { parseJsonBody, readBody } from '../runner/readBody.ts'
import { SHARE_ID_RE, canonicalJson, shareId } from './shareId.ts'

/**
 * Immutable short links: `POST /api/shares` stores a job document under its content address
 * (so sharing the same job twice gives the same link), `GET /api/shares/:id` returns it.
 */
export function registerShareRoutes(
  app: Hono,
  deps: AppDeps,
  s: () => ExecServices,
  principalOf: (c: Context, deps: AppDeps) => Principal | null,
): void {
  app.post('/api/shares', async (c) => {
    const svc = s()
    // Stored links cost disk: they need an account and count against its quota.
    const who = principalOf(c, deps)
    if (!who)
      throw new ZeroLabError(
        'UNAUTHORIZED',
        'sign in to store a share link (X-Auth-Token)',
        'X-Auth-Token',
      )
    const max = svc.options.maxShareBytes
    const doc = parseJsonBody(await readBody(c.req.raw, max), 'shared document')
    if (typeof doc !== 'object' || doc === null)
      throw new ZeroLabError(
        'INVALID_REQUEST',
        '$: a share holds a job (an array or an object)',
        '$',
      )
    const text = canonicalJson(doc)
    const size = Buffer.byteLength(text)
    if (size > max) throw new ZeroLabError('PAYLOAD_TOO_LARGE', `a share is at most ${max} bytes`)
    const id = shareId(doc)
    const { row, created } = svc.shares.putWithinQuota(
      { id, doc: text, size, account: who.account, created_ms: Date.now() },
      svc.options.shareQuota,
    )
    if (row.doc !== text) throw new ZeroLabError('CONFLICT', `share id ${id} collides`, id)
    return c.json({ id, url: `/api/shares/${id}`, size }, created ? 201 : 200, {
      Location: `/api/shares/${id}`,
    })
  })

  app.get('/api/shares/:id', (c) => {
    const id = c.req.param('id')
    if (!SHARE_ID_RE.test(id)) throw new ZeroLabError('NOT_FOUND', `no share ${id}`, id)
    const row = s().shares.get(id)
    if (!row) throw new ZeroLabError('NOT_FOUND', `no share ${id}`, id)
    const etag = `"${id}"`
    if (c.req.header('if-none-match') === etag) return c.body(null, 304, { ETag: etag })
    return c.body(row.doc, 200, {
      'Content-Type': 'application/json; charset=utf-8',
      'Cache-Control': 'public, max-age=31536000, immutable',
      ETag: etag,
    })
  })
}
