import { ZeroLabError, toZeroLabError, type ErrorCode } from '@zerolab/shared'
import type { CliIo } from './io.ts'

/** Exit codes of the server commands. */
export const EXIT = {
  ok: 0,
  /** The job ran and an instance did not end ok; or the server refused the request. */
  failed: 1,
  /** Bad arguments or local input: usage, missing file, bad URL, malformed job. */
  usage: 2,
  /** Not logged in, wrong key, expired token, no rights (401 / 403). */
  auth: 3,
  /** The server cannot be reached. */
  unreachable: 4,
} as const

/** A ZeroLabError with the exit code the CLI ends with. */
export class CliError extends ZeroLabError {
  readonly exitCode: number
  constructor(code: ErrorCode, message: string, exitCode: number, path?: string) {
    super(code, message, path)
    this.exitCode = exitCode
  }
}

function exitCodeOf(e: ZeroLabError): number {
  if (e instanceof CliError) return e.exitCode
  if (e.code === 'UNAUTHORIZED' || e.code === 'FORBIDDEN') return EXIT.auth
  if (e.code === 'UNAVAILABLE') return EXIT.unreachable
  return EXIT.failed
}

/** Prints `zerolab <cmd>: <CODE>: message` and returns the exit code. */
export function reportError(cmd: string, io: CliIo, e: unknown): number {
  const code = (e as { code?: unknown } | undefined)?.code
  // node:util parseArgs: unknown option, missing value …
  const err =
    typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS')
      ? usageError((e as Error).message)
      : toZeroLabError(e)
  const at = err.path !== undefined && !err.message.includes(err.path) ? ` (${err.path})` : ''
  io.err.write(`zerolab ${cmd}: ${err.code}: ${err.message}${at}\n`)
  return exitCodeOf(err)
}

export function usageError(message: string): CliError {
  return new CliError('INVALID_REQUEST', message, EXIT.usage)
}
