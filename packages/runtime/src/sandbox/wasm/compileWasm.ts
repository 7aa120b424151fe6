import { ZeroLabError, toZeroLabError } from '@zerolab/shared'
import type { ImageContext } from '../image.ts'
import { forbiddenImport } from './allowList.ts'
import { PAGE, capMemory } from './wasmBinary.ts'

export interface Compiled {
  module: WebAssembly.Module
  /** Initial pages of the module's memory. */
  minPages: number
}

const MAX_CACHED = 128

function prune(cache: Map<string, unknown>): void {
  if (cache.size <= MAX_CACHED) return
  for (const k of cache.keys()) {
    if (k.startsWith('wasm:')) {
      cache.delete(k)
      return
    }
  }
}

/** Memory limit in whole pages. */
export function capPages(memoryBytes: number): number {
  return Math.max(0, Math.floor(memoryBytes / PAGE))
}

/**
 * Compiles (once per content hash and memory cap) and validates a command module: only
 * allow-listed WASI imports, a `_start` function and a `memory` export. Rejections are
 * cached too and rethrown as INVALID_MODULE.
 */
export async function compileWasm(
  code: Uint8Array | string,
  hash: string,
  maxPages: number,
  ctx: ImageContext,
): Promise<Compiled> {
  const key = `wasm:${hash}:${maxPages}`
  const hit = ctx.cache.get(key) as Compiled | ZeroLabError | undefined
  if (hit instanceof ZeroLabError) throw hit
  if (hit) return hit
  let compiled: Compiled | ZeroLabError
  try {
    if (typeof code === 'string') throw new ZeroLabError('INVALID_MODULE', 'program is not binary')
    const capped = capMemory(code, maxPages)
    let module: WebAssembly.Module
    try {
      module = await WebAssembly.compile(capped.bytes as Uint8Array<ArrayBuffer>)
    } catch (e) {
      throw new ZeroLabError('INVALID_MODULE', `invalid module: ${(e as Error).message}`)
    }
    const bad = forbiddenImport(module)
    if (bad) throw new ZeroLabError('INVALID_MODULE', bad)
    const exports = new Map(WebAssembly.Module.exports(module).map((e) => [e.name, e.kind]))
    if (exports.get('_start') !== 'function') {
      throw new ZeroLabError('INVALID_MODULE', 'module does not export a "_start" function')
    }
    if (exports.get('memory') !== 'memory') {
      throw new ZeroLabError('INVALID_MODULE', 'module does not export its "memory"')
    }
    compiled = { module, minPages: capped.minPages }
  } catch (e) {
    compiled = toZeroLabError(e)
    if (compiled.code === 'INTERNAL')
      compiled = new ZeroLabError('INVALID_MODULE', compiled.message)
  }
  prune(ctx.cache)
  ctx.cache.set(key, compiled)
  if (compiled instanceof ZeroLabError) throw compiled
  return compiled
}
