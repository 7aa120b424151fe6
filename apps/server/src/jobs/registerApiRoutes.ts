import { ZeroLabError } from '@zerolab/shared'
import type { Hono } from 'hono'
import type { AppDeps } from '../appDeps.ts'
import { execServices, type ExecServices } from '../runner/execServices.ts'
import { busyResponse } from '../runner/busyResponse.ts'
import { parseJsonBody, readBody } from '../runner/readBody.ts'
import { clusterHealth } from '../cluster/gateway/clusterHealth.ts'
import { registerShareRoutes } from '../shares/registerShareRoutes.ts'
import { principalOf, requirePrincipal } from './authPrincipal.ts'
import type { HubEvent } from './eventHub.ts'
import { JOB_STATUSES, type JobRow, type JobStatus } from './jobsRepo.ts'
import { seesJobsOf } from './jobService.ts'
import { sseResponse } from './sseResponse.ts'

/**
 * Events for a job the hub no longer holds, rebuilt from its row. A client resuming with
 * Last-Event-ID gets just the final `done`, numbered after what it has seen.
 */
function eventsFromRow(row: JobRow, view: unknown, afterSeq: number): HubEvent[] {
  const done: HubEvent = { seq: afterSeq + 2, type: 'done', data: view }
  if (afterSeq > 0) return [done]
  return [{ seq: 1, type: 'job', data: { id: row.id, status: row.status } }, done]
}

/**
 * The JSON API under `/api/…` and `/metrics`: async jobs with SSE progress, history, cancel,
 * share links, health, Prometheus metrics.
 */
export function registerApiRoutes(app: Hono, deps: AppDeps): void {
  const s = (): ExecServices => execServices(deps)

  app.post('/api/jobs', async (c) => {
    const svc = s()
    const who = requirePrincipal(c, deps)
    const doc = parseJsonBody(await readBody(c.req.raw, svc.options.maxApiJobBytes))
    try {
      const { id } = svc.jobs.submit(who, doc, { origin: 'api' })
      const row = svc.jobs.repo.get(id)!
      return c.json(
        {
          ...svc.jobs.view(row, false),
          links: { self: `/api/jobs/${id}`, events: `/api/jobs/${id}/events` },
        },
        202,
        { Location: `/api/jobs/${id}` },
      )
    } catch (e) {
      if (e instanceof ZeroLabError && e.code === 'INVALID_JOB') throw e
      return busyResponse(c, svc, e)
    }
  })

  app.get('/api/jobs', (c) => {
    const svc = s()
    const who = requirePrincipal(c, deps)
    const limitRaw = c.req.query('limit')
    const limit = limitRaw === undefined ? 20 : Number(limitRaw)
    if (!Number.isInteger(limit) || limit < 1 || limit > 100)
      throw new ZeroLabError('INVALID_REQUEST', 'limit must be an integer from 1 to 100', 'limit')
    const status = c.req.query('status')
    if (status !== undefined && !JOB_STATUSES.includes(status as JobStatus))
      throw new ZeroLabError(
        'INVALID_REQUEST',
        `status must be one of ${JOB_STATUSES.join(', ')}`,
        'status',
      )
    const before = c.req.query('before')
    const page = svc.jobs.repo.list(who.account, {
      limit,
      ...(seesJobsOf(who, '') ? {} : { user: who.user }),
      ...(before ? { before } : {}),
      ...(status ? { status: status as JobStatus } : {}),
    })
    return c.json({ jobs: page.jobs.map((r) => svc.jobs.view(r, false)), next: page.next ?? null })
  })

  app.get('/api/jobs/:id', (c) => {
    const svc = s()
    const row = svc.jobs.getRow(requirePrincipal(c, deps), c.req.param('id'))
    return c.json(svc.jobs.view(row, true))
  })

  app.get('/api/jobs/:id/events', (c) => {
    const svc = s()
    const row = svc.jobs.getRow(requirePrincipal(c, deps, true), c.req.param('id'))
    const last = Number(c.req.header('last-event-id') ?? '0')
    const afterSeq = Number.isInteger(last) && last > 0 ? last : 0
    return sseResponse(svc.hub, row.id, {
      afterSeq,
      fallback: () => {
        const now = svc.jobs.repo.get(row.id)!
        return eventsFromRow(now, svc.jobs.view(now, false), afterSeq)
      },
      signal: c.req.raw.signal,
    })
  })

  app.delete('/api/jobs/:id', (c) => {
    const svc = s()
    const row = svc.jobs.cancel(requirePrincipal(c, deps), c.req.param('id'))
    return c.json(svc.jobs.view(row, false))
  })

  registerShareRoutes(app, deps, s, principalOf)

  app.get('/api/health', (c) => {
    const svc = s()
    let db = 'ok'
    try {
      deps.db.prepare('SELECT 1').get()
    } catch {
      db = 'error'
    }
    return c.json(
      {
        status: db === 'ok' ? 'ok' : 'degraded',
        uptimeSec: Math.round((Date.now() - svc.startedMs) / 1000),
        db,
        queue: { running: svc.queue.active, queued: svc.queue.depth },
        workers: svc.options.poolSize,
        ...(deps.cluster ? { cluster: clusterHealth(deps.cluster) } : {}),
      },
      db === 'ok' ? 200 : 503,
    )
  })

  app.get('/metrics', (c) =>
    c.body(s().metrics.registry.render(), 200, {
      'Content-Type': 'text/plain; version=0.0.4; charset=utf-8',
    }),
  )
}
