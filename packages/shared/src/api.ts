/**
 * The contract of the server's JSON API (`/api/…`), shared by the server, the CLI and the web
 * app: what the routes answer, and how a client turns an error answer back into a
 * ZeroLabError. Platform-free: responses are read through the small `ResponseLike` below.
 */
import {
  ZeroLabError,
  isErrorCode,
  statusToCode,
  type ErrorCode,
  type LimitDetail,
  type WireError,
} from './errors.ts'
import type { JobReport } from './report.ts'

export const JOB_STATUSES = ['queued', 'running', 'ok', 'failed', 'cancelled'] as const
export type JobStatus = (typeof JOB_STATUSES)[number]
export const FINAL_JOB_STATUSES: readonly JobStatus[] = ['ok', 'failed', 'cancelled']

/** `api`: POST /api/jobs; `exec`: a ZeroCloud X-Zerovm-Execute request. */
export type JobOrigin = 'api' | 'exec'

/** `GET /api/jobs/:id` (with `report` and `job`), and each entry of a listing (without). */
export interface JobView {
  id: string
  account: string
  user: string
  origin: JobOrigin
  status: JobStatus
  instances: number
  /** ISO 8601. */
  createdAt: string
  startedAt?: string
  finishedAt?: string
  error?: WireError
  /** The engine's report (captured text cut to a budget); absent until the job ends. */
  report?: JobReport
  /** The job document as submitted. */
  job?: unknown
}

/** `POST /api/jobs` (202): the queued job and where to follow it. */
export interface SubmittedJobView extends JobView {
  links: { self: string; events: string }
}

/** `GET /api/jobs?limit&before&status`: newest first; `next` is the `before` of the next page. */
export interface JobPage {
  jobs: JobView[]
  next: string | null
}

/** `POST /api/shares` (201 new, 200 known). */
export interface ShareLink {
  id: string
  url: string
  size: number
}

/** `GET /api/health` (200, or 503 when the database does not answer). */
/** A sandbox worker pool now: workers booted and busy, booted spares, instances waiting. */
export interface PoolStats {
  ready: number
  busy: number
  spares: number
  sparesReady: number
  queued: number
  /** Workers started since the pool was made, and those killed (timeouts, cancels, deaths). */
  spawned: number
  killed: number
}

export interface HealthView {
  status: 'ok' | 'degraded'
  uptimeSec: number
  db: 'ok' | 'error'
  queue: { running: number; queued: number }
  /** Sandbox workers (single-node mode). */
  workers: number
  /** Single-node mode: the sandbox pool, once the first job has made it. */
  pool?: PoolStats
  /** Cluster mode: the Swift proxy and every node as the gateway sees it now. */
  cluster?: {
    swift: string
    nodes: { name: string; url: string; alive: boolean; slots: number; ips: string[] }[]
  }
}

/**
 * The engine's JobEvents as `GET /api/jobs/:id/events` sends them: each an SSE message named
 * by its `type`. The stream also has `job` ({id, status}) messages and ends with `done`
 * (the JobView without report).
 */
export const ENGINE_EVENT_TYPES: readonly string[] = [
  'job-started',
  'instance-queued',
  'instance-started',
  'instance-finished',
  'job-finished',
]

/** The part of a fetch Response an error reader needs. */
export interface ResponseLike {
  status: number
  statusText: string
  headers: { get(name: string): string | null }
  text(): Promise<string>
}

/**
 * The server's error answer as a ZeroLabError. The code comes from `X-Error-Code`, else from
 * a JSON body `{error: {code}}`, else from the HTTP status (`statusToCode`), so a plain-text
 * Swift 403 is FORBIDDEN whoever sent it. The message is the JSON `error.message`, else the
 * text body (prefixed with `what` when given), else the status; the path comes from the JSON
 * body or `X-Error-Path`.
 */
export async function errorFromResponse(res: ResponseLike, what?: string): Promise<ZeroLabError> {
  const header = res.headers.get('x-error-code')
  let code: ErrorCode | undefined = isErrorCode(header) ? header : undefined
  const headerPath = res.headers.get('x-error-path')
  let path = headerPath === null ? undefined : safeDecode(headerPath)
  let message: string | undefined
  let limit: LimitDetail | undefined
  const text = (await res.text().catch(() => '')).trim()
  const e = errorBody(text)
  if (e) {
    if (code === undefined && isErrorCode(e.code)) code = e.code
    if (typeof e.message === 'string') message = e.message
    if (typeof e.path === 'string') path = e.path
    if (typeof e.limit === 'object' && e.limit !== null) limit = e.limit as LimitDetail
  }
  if (message === undefined) {
    const detail = text ? text.slice(0, 500) : res.statusText || `HTTP ${res.status}`
    message = what ? `${what}: ${text ? detail : `HTTP ${res.status}`}` : detail
  }
  return new ZeroLabError(code ?? statusToCode(res.status), message, path, limit)
}

function errorBody(text: string): Record<string, unknown> | null {
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    return null
  }
  const e = typeof json === 'object' && json !== null ? (json as { error?: unknown }).error : null
  return typeof e === 'object' && e !== null ? (e as Record<string, unknown>) : null
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s)
  } catch {
    return s
  }
}
