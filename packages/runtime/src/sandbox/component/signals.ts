/**
 * Thrown by host imports to unwind the guest. They extend Error on purpose: jco's bindings
 * rethrow Error instances instead of turning them into a WIT `result` error value.
 */

/** wasi:cli/exit was called. */
export class ExitSignal extends Error {
  readonly code: number

  constructor(code: number) {
    super(`exit ${code}`)
    this.code = code
  }
}

/** The cooperative deadline check in a host call fired. */
export class TimeoutSignal extends Error {
  constructor(ms: number) {
    super(`wall-clock timeout after ${ms} ms`)
  }
}
