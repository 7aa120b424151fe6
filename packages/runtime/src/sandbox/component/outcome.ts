import { ZeroLabError, type InstanceStatus, type Validation } from '@zerolab/shared'
import { ABORT } from '../../io/layout.ts'
import { ChannelAbort } from '../../io/workerIo.ts'
import type { ChannelTable } from '../common/channels.ts'
import { ExitSignal, TimeoutSignal } from './signals.ts'

const PAGE = 65536

export interface Outcome {
  status: InstanceStatus
  exitCode: number
  validation: Validation
  message?: string
}

function isStackOverflow(e: unknown): boolean {
  return e instanceof RangeError && /call stack/i.test(e.message)
}

/** Maps whatever ended the run to a status. */
export function classify(e: unknown): Outcome {
  if (e instanceof ExitSignal) {
    if (e.code === 0) return { status: 'ok', exitCode: 0, validation: 0 }
    return { status: 'error', exitCode: e.code, validation: 0, message: `exit code ${e.code}` }
  }
  if (e instanceof RangeError && /memory/i.test(e.message)) {
    return { status: 'memory', exitCode: -1, validation: 0, message: e.message }
  }
  if (e instanceof ChannelAbort) {
    // The host ended a blocked channel call: the job's deadlock check, or a cancel.
    const status = e.reason === ABORT.DEADLOCK ? 'deadlock' : 'error'
    return { status, exitCode: -1, validation: 0, message: e.message }
  }
  if (e instanceof TimeoutSignal) {
    return { status: 'timeout', exitCode: -1, validation: 0, message: e.message }
  }
  if (e instanceof ZeroLabError && e.code === 'INVALID_MODULE') {
    return { status: 'invalid', exitCode: 0, validation: 1, message: e.message }
  }
  if (e instanceof WebAssembly.RuntimeError || isStackOverflow(e)) {
    const what = isStackOverflow(e) ? 'stack overflow' : (e as Error).message
    return { status: 'trap', exitCode: -1, validation: 0, message: `trap: ${what}` }
  }
  if (e instanceof Error && e.constructor.name === 'ComponentError') {
    // wasi:cli/run returned err without calling exit
    return { status: 'error', exitCode: 1, validation: 0, message: 'run returned an error' }
  }
  if (e instanceof WebAssembly.CompileError || e instanceof WebAssembly.LinkError) {
    return { status: 'invalid', exitCode: 0, validation: 1, message: e.message }
  }
  const message = e instanceof Error ? e.message : String(e)
  return { status: 'trap', exitCode: -1, validation: 0, message: `trap: ${message}` }
}

/**
 * A broken channel limit wins over the exit code. A run that failed with its memory at the
 * cap is reported as `memory`: growth past the cap makes memory.grow fail, which the guest
 * then sees as malloc returning NULL (and usually exits or traps).
 */
export function applyLimits(o: Outcome, table: ChannelTable, peak: number, limit: number): Outcome {
  if (table.quotaAlias !== undefined && o.status !== 'invalid' && o.status !== 'timeout') {
    return {
      ...o,
      status: 'quota',
      message: `${table.quotaAlias}: channel or output limit exceeded`,
    }
  }
  const nearCap = peak > 0 && limit - peak <= Math.max(16 * PAGE, limit / 16)
  if ((o.status === 'error' || o.status === 'trap') && nearCap) {
    return {
      ...o,
      status: 'memory',
      message: `memory limit reached (${limit} bytes), then: ${o.message}`,
    }
  }
  return o
}
