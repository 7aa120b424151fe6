import { ZeroLabError } from '@zerolab/shared'
import type { Context, Hono, Next } from 'hono'
import type { AppDeps } from '../appDeps.ts'
import { busyResponse } from '../http/busyResponse.ts'
import { parseSwiftPath } from '../swift/parseSwiftPath.ts'
import { requestPrincipal } from '../swift/requestPrincipal.ts'
import { execResponse } from './execResponse.ts'
import { readExecRequest } from './readExecRequest.ts'

/** A ZeroCloud execution request (it shares `POST /v1/…` with the Swift object API). */
export const isExecute = (c: Context): boolean =>
  c.req.method === 'POST' &&
  c.req.header('x-zerovm-execute') !== undefined &&
  c.req.path.startsWith('/v1/')

/**
 * ZeroCloud execution: `POST /v1/AUTH_x[/c[/o]]` with `X-Zerovm-Execute: 1.0` runs the job
 * synchronously under the caller's rights and answers as ZeroCloud did (zerocloud.md §2.3).
 */
export function registerExecRoutes(app: Hono, deps: AppDeps): void {
  app.post('/v1/*', async (c: Context, next: Next) => {
    if (!isExecute(c)) return next()
    const t0 = performance.now()
    const version = c.req.header('x-zerovm-execute')!.trim()
    if (version !== '1.0')
      throw new ZeroLabError(
        'INVALID_HEADER',
        `unsupported X-Zerovm-Execute version "${version}" (1.0 only)`,
        'X-Zerovm-Execute',
      )
    const { account } = parseSwiftPath(c.req.path)
    const who = requestPrincipal(c, deps.auth)
    if (!who)
      throw new ZeroLabError('UNAUTHORIZED', 'X-Auth-Token required to execute', 'X-Auth-Token')
    if (who.account !== account)
      throw new ZeroLabError('FORBIDDEN', `${who.account} cannot execute in ${account}`, account)
    const req = await readExecRequest(c.req.raw, who, {
      read: deps.sourceReader(who),
      maxJobBytes: deps.execOptions.maxExecJobBytes,
      maxStdinBytes: deps.execOptions.maxStdinBytes,
    })
    let submitted
    try {
      submitted = deps.jobs.submit(who, req.doc, {
        origin: 'exec',
        text: req.text,
        ...(req.stdin ? { stdin: req.stdin } : {}),
      })
    } catch (e) {
      if (e instanceof ZeroLabError && e.code === 'INVALID_JOB') throw e
      return busyResponse(c, deps.metrics, e)
    }
    // A client that hangs up cancels its job.
    const onAbort = (): void => {
      try {
        deps.jobs.cancel(who, submitted.id)
      } catch {
        // already finished
      }
    }
    c.req.raw.signal.addEventListener('abort', onAbort, { once: true })
    try {
      const outcome = await submitted.done
      return execResponse(outcome.report, { jobId: submitted.id, totalMs: performance.now() - t0 })
    } finally {
      c.req.raw.signal.removeEventListener('abort', onAbort)
    }
  })
}
