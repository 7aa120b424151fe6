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

const ASSET_CACHE = 'zerolab-assets-v1'

/**
 * ImageContext.asset in a browser worker: the server's `/api/assets/<name>`. A build's files
 * (`python/<key>/…`, immutable under their key) are kept in the Cache API, so only the first
 * Python stage ever fetches them; the manifest, which names the current build, is revalidated
 * each time a worker loads the image. 404/503 (not built there) is "no such asset".
 */
export function fetchAssets(
  base = '/api/assets/',
): (name: string) => Promise<Uint8Array | undefined> {
  return async (name) => {
    const url = new URL(base + name, globalThis.location.href).href
    const immutable = name !== 'python/manifest.json'
    const cache =
      immutable && typeof caches !== 'undefined'
        ? await caches.open(ASSET_CACHE).catch(() => undefined)
        : undefined
    let res = await cache?.match(url)
    if (!res) {
      res = await fetch(url, immutable ? {} : { cache: 'no-cache' })
      if (res.status === 404 || res.status === 503) return undefined
      if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`)
      if (cache) await cache.put(url, res.clone()).catch(() => undefined)
    }
    return new Uint8Array(await res.arrayBuffer())
  }
}
