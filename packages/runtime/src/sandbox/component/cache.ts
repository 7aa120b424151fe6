import { ZeroLabError } from '@zerolab/shared'
import type { ImageContext } from '../image.ts'

/** Components a worker keeps transpiled and compiled; the least recently used go first. */
export const MAX_COMPONENTS = 16
const LRU_KEY = 'component:lru'

/**
 * Transpiled bindings by program hash; compiled (memory-capped) modules by hash and cap.
 * A rejected component stays cached as rejected; any other failure is dropped so the next
 * instance retries.
 */
export function cached<T>(ctx: ImageContext, key: string, make: () => Promise<T>): Promise<T> {
  let p = ctx.cache.get(key) as Promise<T> | undefined
  if (p === undefined) {
    p = make().catch((e: unknown) => {
      if (!isRejection(e)) ctx.cache.delete(key)
      throw e
    })
    ctx.cache.set(key, p)
  }
  return p
}

/** Errors that mean "this program is not acceptable", as opposed to a failure of ours. */
export function isRejection(e: unknown): boolean {
  return (
    (e instanceof ZeroLabError && e.code === 'INVALID_MODULE') ||
    e instanceof WebAssembly.CompileError
  )
}

/** Marks a program hash as just used and forgets the least recently used beyond the bound. */
export function remember(ctx: ImageContext, hash: string): void {
  const lru = (ctx.cache.get(LRU_KEY) as string[] | undefined) ?? []
  const at = lru.indexOf(hash)
  if (at >= 0) lru.splice(at, 1)
  lru.push(hash)
  while (lru.length > MAX_COMPONENTS) {
    const old = lru.shift()!
    for (const key of [...ctx.cache.keys()]) {
      if (key === `component:${old}` || key.startsWith(`component:${old}:`)) ctx.cache.delete(key)
    }
  }
  ctx.cache.set(LRU_KEY, lru)
}
