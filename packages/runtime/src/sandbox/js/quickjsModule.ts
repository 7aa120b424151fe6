import variant from '@jitl/quickjs-wasmfile-release-sync'
import { newQuickJSWASMModuleFromVariant, type QuickJSWASMModule } from 'quickjs-emscripten-core'
import type { ImageContext } from '../image.ts'

const KEY = 'js:quickjs'

/**
 * The QuickJS Wasm module of this worker, loaded once and kept in the image cache. The
 * release-sync variant finds its `.wasm` next to its loader: by path in Node and through
 * `new URL(..., import.meta.url)` in a bundled browser worker (Vite emits the asset).
 */
export function loadQuickJS(ctx: ImageContext): Promise<QuickJSWASMModule> {
  let p = ctx.cache.get(KEY) as Promise<QuickJSWASMModule> | undefined
  if (p === undefined) {
    p = newQuickJSWASMModuleFromVariant(variant)
    p.catch(() => ctx.cache.delete(KEY))
    ctx.cache.set(KEY, p)
  }
  return p
}

/**
 * Drops the cached module after a host-level failure inside it (the host's own stack ran
 * out mid-call): its C state may be inconsistent, so the next instance loads a fresh one.
 */
export function forgetQuickJS(ctx: ImageContext): void {
  ctx.cache.delete(KEY)
}
