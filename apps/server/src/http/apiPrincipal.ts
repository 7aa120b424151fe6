import { ZeroLabError } from '@zerolab/shared'
import type { Context } from 'hono'
import type { AuthService } from '../auth/authService.ts'
import type { Principal } from '../auth/principal.ts'

/**
 * The caller from `X-Auth-Token` (or `X-Storage-Token`), as Swift does. `?token=` is also
 * accepted on GET so a browser EventSource, which cannot set headers, can follow a job.
 */
export function principalOf(c: Context, auth: AuthService, allowQuery = false): Principal | null {
  const token =
    c.req.header('x-auth-token') ??
    c.req.header('x-storage-token') ??
    (allowQuery && c.req.method === 'GET' ? c.req.query('token') : undefined)
  if (!token) return null
  return auth.authenticate(token)
}

export function requirePrincipal(c: Context, auth: AuthService, allowQuery = false): Principal {
  const token =
    c.req.header('x-auth-token') ?? c.req.header('x-storage-token') ?? c.req.query('token')
  const p = principalOf(c, auth, allowQuery)
  if (!p)
    throw new ZeroLabError(
      'UNAUTHORIZED',
      token ? 'token unknown or expired' : 'X-Auth-Token required',
      'X-Auth-Token',
    )
  return p
}
