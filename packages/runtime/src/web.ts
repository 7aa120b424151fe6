import type { FromWorker, ToWorker } from '@zerolab/shared'
import type { Endpoint, WorkerEndpoint } from './host/endpoint.ts'

/** The host side of the seam over a Web Worker the app created. */
export function fromWebWorker<Send = ToWorker, Receive = FromWorker>(
  w: Worker,
): Endpoint<Send, Receive> {
  return {
    post: (msg, transfer) => w.postMessage(msg, transfer ?? []),
    on(cb, onExit) {
      const onMessage = (e: MessageEvent<Receive>): void => cb(e.data)
      const onError = (e: ErrorEvent): void => onExit?.(e.message || 'worker error')
      const onBadMessage = (): void => onExit?.('a message from the worker could not be read')
      w.addEventListener('message', onMessage)
      w.addEventListener('error', onError)
      w.addEventListener('messageerror', onBadMessage)
      return () => {
        w.removeEventListener('message', onMessage)
        w.removeEventListener('error', onError)
        w.removeEventListener('messageerror', onBadMessage)
      }
    },
    terminate: () => w.terminate(),
  }
}

interface WorkerScope {
  postMessage(msg: unknown, transfer: Transferable[]): void
  addEventListener(type: 'message', cb: (e: MessageEvent) => void): void
  removeEventListener(type: 'message', cb: (e: MessageEvent) => void): void
}

/** The worker side of the seam: the dedicated worker's global scope. */
export function selfEndpoint<Send = FromWorker, Receive = ToWorker>(): WorkerEndpoint<
  Send,
  Receive
> {
  const scope = globalThis as unknown as WorkerScope
  return {
    post: (msg, transfer) => scope.postMessage(msg, transfer ?? []),
    on(cb) {
      const onMessage = (e: MessageEvent<Receive>): void => cb(e.data)
      scope.addEventListener('message', onMessage)
      return () => scope.removeEventListener('message', onMessage)
    },
  }
}
