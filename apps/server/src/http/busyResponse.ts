import { toZeroLabError } from '@zerolab/shared'
import type { Context } from 'hono'
import type { ServerMetrics } from '../metrics/serverMetrics.ts'
import { errorResponse } from './errorResponse.ts'

/** Seconds a client should wait before retrying after a full queue. */
export const RETRY_AFTER_SECONDS = 1

/** An error answer; 429/503 carry Retry-After so clients back off instead of hammering. */
export function busyResponse(c: Context, metrics: ServerMetrics, e: unknown): Response {
  const err = toZeroLabError(e)
  const res = errorResponse(err, c.req.path, c.req.method)
  if (err.code === 'TOO_MANY_REQUESTS' || err.code === 'UNAVAILABLE') {
    res.headers.set('Retry-After', String(RETRY_AFTER_SECONDS))
    metrics.rejected({ status: String(err.status) })
  }
  return res
}
