import type { Hono } from 'hono'
import type { AppDeps } from '../appDeps.ts'

/**
 * ZeroCloud execution (`POST /v1/AUTH_x[/c/o]` with `X-Zerovm-Execute`). Registered before
 * the Swift routes; a handler that does not apply must `return next()`.
 * Placeholder: owned and replaced by the execution engineer.
 */
export function registerExecRoutes(_app: Hono, _deps: AppDeps): void {}
