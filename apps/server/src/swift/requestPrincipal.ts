import { ZeroLabError } from '@zerolab/shared'
import type { Context } from 'hono'
import type { AuthService } from '../auth/authService.ts'
import type { Principal } from '../auth/principal.ts'

/**
 * The caller of a request: from `X-Auth-Token` (or `X-Storage-Token`), null when no token
 * was sent. A token that is unknown or expired is a 401, as with tempauth.
 */
export function requestPrincipal(c: Context, auth: AuthService): Principal | null {
  const token = c.req.header('x-auth-token') ?? c.req.header('x-storage-token')
  if (!token) return null
  const p = auth.authenticate(token)
  if (!p) throw new ZeroLabError('UNAUTHORIZED', 'invalid or expired token', 'X-Auth-Token')
  return p
}
