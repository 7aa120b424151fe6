import type { Hono } from 'hono'
import type { AppDeps } from '../appDeps.ts'

/** The JSON API under `/api/…` and `/metrics`. Placeholder: owned and replaced by the execution engineer. */
export function registerApiRoutes(_app: Hono, _deps: AppDeps): void {}
