import { ZeroLabError } from '@zerolab/shared'
import type { Context, Hono, Next } from 'hono'
import type { AppDeps } from '../appDeps.ts'
import { busyResponse } from '../runner/busyResponse.ts'
import { routeLabel } from '../metrics/serverMetrics.ts'
import { execServices } from '../runner/execServices.ts'
import { parseSwiftPath } from '../swift/parseSwiftPath.ts'
import { requestPrincipal } from '../swift/requestPrincipal.ts'
import { execResponse } from './execResponse.ts'
import { readExecRequest } from './readExecRequest.ts'
import { swiftSourceReader } from '../cluster/gateway/swiftSourceReader.ts'

const isExecute = (c: Context): boolean =>
  c.req.method === 'POST' &&
  c.req.header('x-zerovm-execute') !== undefined &&
  c.req.path.startsWith('/v1/')

/**
 * ZeroCloud execution: `POST /v1/AUTH_x[/c[/o]]` with `X-Zerovm-Execute: 1.0` runs the job
 * synchronously under the caller's rights and answers as ZeroCloud did (zerocloud.md §2.3).
 * Also installs the request counter every route is measured by.
 */
export function registerExecRoutes(app: Hono, deps: AppDeps): void {
  // At start-up: marks jobs a crash interrupted as failed (the worker pool starts lazily).
  execServices(deps)
  app.use('*', async (c, next) => {
    const execute = isExecute(c)
    try {
      await next()
    } finally {
      execServices(deps).metrics.request({
        route: routeLabel(c.req.method, c.req.path, execute),
        method: c.req.method,
        status: String(c.res.status),
      })
    }
  })

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
    const svc = execServices(deps)
    const req = await readExecRequest(c.req.raw, who, {
      read: deps.cluster
        ? swiftSourceReader(deps.cluster.proxyUrl, who)
        : async (ref, max) => {
            const o = await deps.store.readAll(who, ref, max)
            return { bytes: o.bytes, contentType: o.info.contentType }
          },
      maxJobBytes: svc.options.maxExecJobBytes,
      maxStdinBytes: svc.options.maxStdinBytes,
    })
    let submitted
    try {
      submitted = svc.jobs.submit(who, req.doc, {
        origin: 'exec',
        ...(req.stdin ? { stdin: req.stdin } : {}),
      })
    } catch (e) {
      if (e instanceof ZeroLabError && e.code === 'INVALID_JOB') throw e
      return busyResponse(c, svc, e)
    }
    // A client that hangs up cancels its job.
    const onAbort = (): void => {
      try {
        svc.jobs.cancel(who, submitted.id)
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
