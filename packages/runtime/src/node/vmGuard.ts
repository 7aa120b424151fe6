import { createContext, Script } from 'node:vm'
import { GuardTimeout } from '../sandbox/image.ts'

/**
 * Runs a function under a vm timeout: V8 interrupts whatever runs at the limit, Wasm loops
 * included, and the worker lives on. Each call starts a watchdog thread (~0.2 ms), so the
 * worker uses it only for runs likely to need it.
 */
export function vmGuard(): (fn: () => void, timeoutMs: number) => void {
  const box: { fn?: () => void } = {}
  const context = createContext({ box })
  const script = new Script('box.fn()')
  return (fn, timeoutMs) => {
    box.fn = fn
    try {
      script.runInContext(context, { timeout: Math.max(1, Math.ceil(timeoutMs)) })
    } catch (e) {
      if ((e as { code?: string }).code === 'ERR_SCRIPT_EXECUTION_TIMEOUT')
        throw new GuardTimeout(timeoutMs)
      throw e
    } finally {
      box.fn = undefined
    }
  }
}
