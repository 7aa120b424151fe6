import type { FromWorker, ToWorker } from '@zerolab/shared'

/**
 * The only platform seam between the host and a sandbox worker: post / on / terminate.
 * `fromNodeWorker` (src/node.ts) and `fromWebWorker` (src/web.ts) implement it in a few lines.
 */
export interface Endpoint {
  post(msg: ToWorker, transfer?: Transferable[]): void
  /** Subscribes to messages and to the worker dying (`error` then carries the reason). */
  on(cb: (msg: FromWorker) => void, onExit?: (reason: string) => void): () => void
  terminate(): void
}

/** The worker's side of the same seam. */
export interface WorkerEndpoint {
  post(msg: FromWorker, transfer?: Transferable[]): void
  on(cb: (msg: ToWorker) => void): () => void
}

export type Spawn = () => Endpoint
