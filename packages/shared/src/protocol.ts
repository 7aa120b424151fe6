import type { WireError } from './errors.ts'
import type { InstanceResult, InstanceSpec } from './instance.ts'

/** Host → worker. */
export type ToWorker =
  { v: 1; type: 'run'; id: number; spec: InstanceSpec } | { v: 1; type: 'ping'; id: number }

/** Worker → host. */
export type FromWorker =
  | { v: 1; type: 'ready' }
  | { v: 1; type: 'result'; id: number; result: InstanceResult }
  | { v: 1; type: 'failed'; id: number; error: WireError }
  | { v: 1; type: 'pong'; id: number }
