import type { WireError } from './errors.ts'
import type { InstanceResult, InstanceSpec } from './instance.ts'

/** Host → worker. */
export type ToWorker =
  | {
      v: 1
      type: 'run'
      id: number
      spec: InstanceSpec
      /** The program's bytes were left out: the worker has them by `spec.program.hash`. */
      codeOmitted?: boolean
    }
  | { v: 1; type: 'ping'; id: number }

/** Worker → host. */
export type FromWorker =
  | { v: 1; type: 'ready' }
  /**
   * The guest is about to run (its program is compiled): the wall-clock limit starts now.
   * `selfTimed`: the worker ends this guest itself at the limit (no kill needed).
   */
  | { v: 1; type: 'started'; id: number; selfTimed?: boolean }
  | { v: 1; type: 'result'; id: number; result: InstanceResult }
  | { v: 1; type: 'failed'; id: number; error: WireError }
  | { v: 1; type: 'pong'; id: number }
