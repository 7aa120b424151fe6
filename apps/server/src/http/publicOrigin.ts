import type { Context } from 'hono'
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
