import { ZeroLabError } from '@zerolab/shared'
import type { Context, Hono } from 'hono'
import type { IncomingMessage } from 'node:http'
import type { AppDeps } from '../appDeps.ts'

/**
 * The origin of the address the request arrived on (the bound socket), never the request's
 * `Host` header, which the client chooses. Without a socket (app.request() in tests), the
 * loopback.
 */
function boundOrigin(c: Context): string {
  const socket = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming?.socket
  const address = (socket?.localAddress ?? '127.0.0.1').replace(/^::ffff:(?=\d+\.)/, '')
  const host = address.includes(':') ? `[${address}]` : address
  const scheme = socket && 'encrypted' in socket ? 'https' : 'http'
  return socket?.localPort ? `${scheme}://${host}:${socket.localPort}` : `${scheme}://${host}`
}

/** This server as clients reach it: `--base-url` (config) when set, else the bound address. */
export function publicOrigin(c: Context, deps: AppDeps): string {
  return (deps.config.baseUrl ?? boundOrigin(c)).replace(/\/+$/, '')
}

/** `X-Storage-Url`: the public origin's `/v1/<account>`. */
export function storageUrl(c: Context, deps: AppDeps, account: string): string {
  return `${publicOrigin(c, deps)}/v1/${account}`
}

/** tempauth's `GET /auth/v1.0` and Swift's `GET /info` (capabilities). */
export function registerAuthRoutes(app: Hono, deps: AppDeps): void {
  const getToken = (c: Context): Response => {
    const user = c.req.header('x-auth-user') ?? c.req.header('x-storage-user')
    const key = c.req.header('x-auth-key') ?? c.req.header('x-storage-pass')
    if (!user || !key) {
      throw new ZeroLabError(
        'UNAUTHORIZED',
        'X-Auth-User and X-Auth-Key are required',
        'X-Auth-User',
      )
    }
    const t = deps.auth.login(user, key)
    const url = storageUrl(c, deps, t.principal.account)
    const expires = Math.floor((t.expiresMs - Date.now()) / 1000)
    return new Response(JSON.stringify({ storage: { default: 'local', local: url } }), {
      status: 200,
      headers: {
        'Content-Type': 'application/json; charset=utf-8',
        'X-Auth-Token': t.token,
        'X-Storage-Token': t.token,
        'X-Storage-Url': url,
        'X-Auth-Token-Expires': String(expires),
      },
    })
  }
  app.get('/auth/v1.0', getToken)
  app.get('/auth/v1.0/', getToken)
  app.get('/info', (c) =>
    c.json({
      swift: {
        version: 'zerolab',
        max_file_size: deps.config.limits.maxObjectSize,
        max_object_name_length: deps.config.limits.maxObjectNameBytes,
        max_container_name_length: deps.config.limits.maxContainerNameBytes,
        container_listing_limit: deps.config.limits.maxListing,
        account_listing_limit: deps.config.limits.maxListing,
        max_meta_count: deps.config.limits.maxMetaCount,
        max_meta_value_length: deps.config.limits.maxMetaValueBytes,
      },
      tempauth: { account_acls: false },
      zerocloud: { execute: '1.0' },
    }),
  )
}
