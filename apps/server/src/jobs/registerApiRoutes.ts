import {
  JOB_STATUSES,
  ZeroLabError,
  type JobStatus,
  type HealthView,
  type SubmittedJobView,
} from '@zerolab/shared'
import type { Hono } from 'hono'
import type { AppDeps } from '../appDeps.ts'
import { clusterHealth } from '../cluster/gateway/clusterHealth.ts'
import { requirePrincipal } from '../http/apiPrincipal.ts'
import { busyResponse } from '../http/busyResponse.ts'
import { parseJsonBody, readBody } from '../http/readBody.ts'
import { sseResponse } from './sseResponse.ts'

/**
 * The JSON API under `/api/…` and `/metrics`: async jobs with SSE progress, history, cancel,
 * health, Prometheus metrics. (Share links: shares/registerShareRoutes.ts.)
 */
export function registerApiRoutes(app: Hono, deps: AppDeps): void {
  const { jobs, auth } = deps

  app.post('/api/jobs', async (c) => {
    const who = requirePrincipal(c, auth)
    const doc = await parseJsonBody(await readBody(c.req.raw, deps.execOptions.maxApiJobBytes))
    try {
      const view = jobs.create(who, doc)
      const self = `/api/jobs/${view.id}`
      const body: SubmittedJobView = { ...view, links: { self, events: `${self}/events` } }
      return c.json(body, 202, { Location: self })
    } catch (e) {
      if (e instanceof ZeroLabError && e.code === 'INVALID_JOB') throw e
      return busyResponse(c, deps.metrics, e)
    }
  })

  app.get('/api/jobs', (c) => {
    const who = requirePrincipal(c, auth)
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
    return c.json(
      jobs.list(who, {
        limit,
        ...(before ? { before } : {}),
        ...(status ? { status: status as JobStatus } : {}),
      }),
    )
  })

  app.get('/api/jobs/:id', (c) => c.json(jobs.get(requirePrincipal(c, auth), c.req.param('id'))))

  app.get('/api/jobs/:id/events', (c) => {
    const { id } = jobs.get(requirePrincipal(c, auth, true), c.req.param('id'), false)
    const last = Number(c.req.header('last-event-id') ?? '0')
    const afterSeq = Number.isInteger(last) && last > 0 ? last : 0
    return sseResponse(deps.hub, id, {
      afterSeq,
      fallback: () => jobs.eventsFromRow(id, afterSeq),
      signal: c.req.raw.signal,
    })
  })

  app.delete('/api/jobs/:id', (c) =>
    c.json(jobs.cancel(requirePrincipal(c, auth), c.req.param('id'))),
  )

  app.get('/api/health', (c) => {
    const h = jobs.health()
    const pool = deps.runner.stats?.()
    const body: HealthView = {
      status: h.db === 'ok' ? 'ok' : 'degraded',
      uptimeSec: Math.round((Date.now() - deps.startedMs) / 1000),
      db: h.db,
      queue: { running: h.running, queued: h.queued },
      workers: deps.execOptions.poolSize,
      ...(pool ? { pool } : {}),
      ...(deps.cluster ? { cluster: clusterHealth(deps.cluster) } : {}),
    }
    return c.json(body, h.db === 'ok' ? 200 : 503)
  })

  app.get('/metrics', (c) =>
    c.body(deps.metrics.registry.render(), 200, {
      'Content-Type': 'text/plain; version=0.0.4; charset=utf-8',
    }),
  )
}
