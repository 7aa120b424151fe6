/**
 * One error type for the whole project. Every code maps to exactly one HTTP status here;
 * errors cross worker and network boundaries as `{ code, message, path? }`.
 */
export const ERROR_CODES = {
  INVALID_JOB: 400,
  INVALID_REQUEST: 400,
  INVALID_HEADER: 400,
  INVALID_NAME: 400,
  INVALID_MODULE: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  NOT_ACCEPTABLE: 406,
  CONFLICT: 409,
  LENGTH_REQUIRED: 411,
  PRECONDITION_FAILED: 412,
  PAYLOAD_TOO_LARGE: 413,
  QUOTA_EXCEEDED: 413,
  RANGE_NOT_SATISFIABLE: 416,
  ETAG_MISMATCH: 422,
  NO_MATCH: 422,
  LIMIT_EXCEEDED: 422,
  UNSUPPORTED: 422,
  TOO_MANY_REQUESTS: 429,
  CANCELLED: 499,
  INTERNAL: 500,
  NOT_IMPLEMENTED: 501,
  UNAVAILABLE: 503,
  TIMEOUT: 504,
} as const

export type ErrorCode = keyof typeof ERROR_CODES

/** Statuses several codes share, and the code a bare status of that kind stands for. */
const CODE_OF_SHARED_STATUS: Record<number, ErrorCode> = {
  400: 'INVALID_REQUEST',
  413: 'PAYLOAD_TOO_LARGE',
  422: 'UNSUPPORTED',
}

/**
 * The reverse of ERROR_CODES, for answers that carry no code of their own (a real Swift
 * proxy's text errors): the one code of a status, the canonical one where several share it,
 * else INVALID_REQUEST for other 4xx and INTERNAL for the rest.
 */
export function statusToCode(status: number): ErrorCode {
  const shared = CODE_OF_SHARED_STATUS[status]
  if (shared) return shared
  for (const [code, s] of Object.entries(ERROR_CODES)) if (s === status) return code as ErrorCode
  return status >= 400 && status < 500 ? 'INVALID_REQUEST' : 'INTERNAL'
}

/** For LIMIT_EXCEEDED: the cap that was hit and what was asked. */
export interface LimitDetail {
  cap: number
  asked: number
}

export interface WireError {
  code: ErrorCode
  message: string
  /** JSON path, header name or object name the error is about. */
  path?: string
  limit?: LimitDetail
}

export class ZeroLabError extends Error {
  override readonly name = 'ZeroLabError'
  readonly code: ErrorCode
  readonly path: string | undefined
  readonly limit: LimitDetail | undefined

  constructor(code: ErrorCode, message: string, path?: string, limit?: LimitDetail) {
    super(message)
    this.code = code
    this.path = path
    this.limit = limit
  }

  get status(): number {
    return ERROR_CODES[this.code]
  }

  toWire(): WireError {
    const w: WireError = { code: this.code, message: this.message }
    if (this.path !== undefined) w.path = this.path
    if (this.limit !== undefined) w.limit = { ...this.limit }
    return w
  }

  static fromWire(w: WireError): ZeroLabError {
    return new ZeroLabError(w.code, w.message, w.path, w.limit)
  }
}

export function isErrorCode(v: unknown): v is ErrorCode {
  return typeof v === 'string' && Object.hasOwn(ERROR_CODES, v)
}

/** Normalizes anything thrown into a ZeroLabError (unknown values become INTERNAL). */
export function toZeroLabError(e: unknown): ZeroLabError {
  if (e instanceof ZeroLabError) return e
  if (typeof e === 'object' && e !== null && 'code' in e && isErrorCode(e.code)) {
    const m = 'message' in e && typeof e.message === 'string' ? e.message : String(e.code)
    const p = 'path' in e && typeof e.path === 'string' ? e.path : undefined
    const l = 'limit' in e ? (e.limit as LimitDetail | undefined) : undefined
    return new ZeroLabError(e.code, m, p, l)
  }
  return new ZeroLabError('INTERNAL', e instanceof Error ? e.message : String(e))
}
