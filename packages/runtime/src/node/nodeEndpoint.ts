import type { TransferListItem, Worker } from 'node:worker_threads'
import { parentPort } from 'node:worker_threads'
import type { FromWorker, ToWorker } from '@zerolab/shared'
import type { Endpoint, WorkerEndpoint } from '../host/endpoint.ts'

/** The host side of the seam over a `worker_threads` Worker. */
export function fromNodeWorker<Send = ToWorker, Receive = FromWorker>(
  worker: Worker,
): Endpoint<Send, Receive> {
  return {
    post: (msg, transfer) => worker.postMessage(msg, transfer as TransferListItem[] | undefined),
    on(cb, onExit) {
      const onMessage = (m: Receive): void => cb(m)
      const onError = (e: Error): void => onExit?.(e.message)
      const onClose = (code: number): void => onExit?.(`exited with code ${code}`)
      const onBadMessage = (e: Error): void => onExit?.(`unreadable message: ${e.message}`)
      worker.on('message', onMessage)
      worker.on('error', onError)
      worker.on('exit', onClose)
      worker.on('messageerror', onBadMessage)
      return () => {
        worker.off('message', onMessage)
        worker.off('error', onError)
        worker.off('exit', onClose)
        worker.off('messageerror', onBadMessage)
      }
    },
    terminate: () => void worker.terminate(),
  }
}

/** The worker side of the seam: this thread's `parentPort`. */
export function parentPortEndpoint<Send = FromWorker, Receive = ToWorker>(): WorkerEndpoint<
  Send,
  Receive
> {
  const port = parentPort
  if (!port) throw new Error('parentPortEndpoint() must run inside a worker thread')
  return {
    post: (msg, transfer) => port.postMessage(msg, transfer as TransferListItem[] | undefined),
    on(cb) {
      const onMessage = (m: Receive): void => cb(m)
      port.on('message', onMessage)
      return () => port.off('message', onMessage)
    },
  }
}
