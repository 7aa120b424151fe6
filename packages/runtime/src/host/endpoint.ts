import type { FromWorker, ToWorker } from '@zerolab/shared'

/**
 * The only platform seam between the host and a sandbox worker: post / on / terminate.
 * `fromNodeWorker` (src/node.ts) and `fromWebWorker` (src/web.ts) implement it in a few lines.
 * The message types default to the sandbox protocol; other workers (the C compiler) reuse the
 * seam with their own.
 */
export interface Endpoint<Send = ToWorker, Receive = FromWorker> {
  post(msg: Send, transfer?: Transferable[]): void
  /** Subscribes to messages and to the worker dying (`error` then carries the reason). */
  on(cb: (msg: Receive) => void, onExit?: (reason: string) => void): () => void
  terminate(): void
}

/** The worker's side of the same seam. */
export interface WorkerEndpoint<Send = FromWorker, Receive = ToWorker> {
  post(msg: Send, transfer?: Transferable[]): void
  on(cb: (msg: Receive) => void): () => void
}

export type Spawn = () => Endpoint
