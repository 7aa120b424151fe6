import { toZeroLabError } from '@zerolab/shared'
import type { Context } from 'hono'
import { errorResponse } from '../errorResponse.ts'
import type { ExecServices } from './execServices.ts'
import { RETRY_AFTER_SECONDS } from './jobQueue.ts'

/** An error answer; 429/503 carry Retry-After so clients back off instead of hammering. */
export function busyResponse(c: Context, s: ExecServices, e: unknown): Response {
  const err = toZeroLabError(e)
  const res = errorResponse(err, c.req.path, c.req.method)
  if (err.code === 'TOO_MANY_REQUESTS' || err.code === 'UNAVAILABLE') {
    res.headers.set('Retry-After', String(RETRY_AFTER_SECONDS))
    s.metrics.rejected({ status: String(err.status) })
  }
  return res
}
