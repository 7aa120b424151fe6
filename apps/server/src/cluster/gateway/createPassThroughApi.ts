import { Hono, type Context } from 'hono'
import type { AppDeps } from '../../appDeps.ts'
import { httpRequest, readText } from '../../swiftBackend/httpClient.ts'
import { passThrough } from '../../swiftBackend/passThrough.ts'
import { publicOrigin } from '../../http/publicOrigin.ts'
import type { ClusterDeps } from './clusterDeps.ts'

/**
 * Cluster mode's object API (AppDeps.objectApi): `/auth/…`, `/v1/…` (everything but ZeroCloud
 * execution, which the exec routes claim first) and `/info` go to the Swift proxy and back,
 * streamed; `/info` gains ZeroLab's `zerocloud` capability.
 */
export function createPassThroughApi(deps: AppDeps & { cluster: ClusterDeps }): Hono {
  const app = new Hono()
  const pass = (c: Context): Promise<Response> =>
    passThrough(c.req.raw, {
      proxyUrl: deps.cluster.proxyUrl,
      origin: publicOrigin(c, deps),
      onToken: (t) => deps.cluster.remember(t),
    })
  app.all('/auth', pass)
  app.all('/auth/*', pass)
  app.all('/v1/*', pass)
  app.get('/info', async (c) => {
    const res = await httpRequest(new URL('/info', deps.cluster.proxyUrl), { method: 'GET' })
    const info =
      res.status === 200 ? (JSON.parse(await readText(res)) as Record<string, unknown>) : {}
    if (res.status !== 200) res.body.resume()
    return c.json({ ...info, zerocloud: { execute: '1.0', cluster: true } })
  })
  return app
}
