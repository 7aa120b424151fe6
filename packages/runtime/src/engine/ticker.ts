import { ZeroLabError } from '@zerolab/shared'

/** Work between two yields to the event loop, ms. */
const SLICE_MS = 4

type Macrotask = (cb: () => void) => void
const host = globalThis as { setImmediate?: Macrotask }
/** setImmediate where it exists (Node); a zero timeout elsewhere. */
const macrotask: Macrotask = host.setImmediate
  ? (cb) => host.setImmediate!(cb)
  : (cb) => void setTimeout(cb, 0)

export interface Ticker {
  /**
   * Call often inside long loops: returns at once most times, and lets the event loop run
   * (other requests, timers) once the current slice has used SLICE_MS. Throws
   * LIMIT_EXCEEDED once the whole budget is spent, and the abort reason once aborted.
   */
  tick(): Promise<void> | undefined
}

/** A cooperative time-slicer with an overall budget (`budgetMs`), named in its errors as `what`. */
export function createTicker(budgetMs: number, what: string, signal?: AbortSignal): Ticker {
  const start = performance.now()
  let sliceStart = start
  const check = (t: number): void => {
    if (signal?.aborted) throw signal.reason
    if (t - start > budgetMs)
      throw new ZeroLabError(
        'LIMIT_EXCEEDED',
        `${what} took over ${budgetMs} ms; the cap is ${budgetMs} ms`,
        undefined,
        { cap: budgetMs, asked: Math.round(t - start) },
      )
  }
  return {
    tick() {
      const t = performance.now()
      check(t)
      if (t - sliceStart < SLICE_MS) return undefined
      return new Promise<void>((resolve) => macrotask(resolve)).then(() => {
        sliceStart = performance.now()
        check(sliceStart)
      })
    },
  }
}
