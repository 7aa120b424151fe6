import { RUNTIME_CAPS, ZeroLabError, toZeroLabError } from '@zerolab/shared'
import type { ImageContext } from '../image.ts'
import { forbiddenImport } from './allowList.ts'
import { capModule, type CappedModule } from './wasmBinary.ts'

export interface Compiled extends Omit<CappedModule, 'bytes'> {
  module: WebAssembly.Module
  /** Bytes of the module compiled: what keeping it costs, roughly. */
  size: number
}

const MAX_CACHED = 128
/** Module bytes the compiled modules a worker keeps may add up to. */
const MAX_CACHED_BYTES = 96 * 1024 * 1024

/** Drops the oldest compiled modules until the cache is within its count and bytes. */
function prune(cache: Map<string, unknown>, adding: number): void {
  let bytes = adding
  const wasm: [string, number][] = []
  for (const [k, v] of cache) {
    if (!k.startsWith('wasm:')) continue
    const size = v instanceof ZeroLabError ? 0 : (v as Compiled).size
    wasm.push([k, size])
    bytes += size
  }
  for (const [k, size] of wasm) {
    if (cache.size < MAX_CACHED && bytes <= MAX_CACHED_BYTES) return
    cache.delete(k)
    bytes -= size
  }
}

/**
 * Compiles (once per content hash and memory limit) and validates a command module: at most
 * RUNTIME_CAPS.maxModuleBytes, memory and tables capped to the limit (capModule), only
 * allow-listed WASI imports, a `_start` function and a `memory` export. Rejections are cached
 * too and rethrown as INVALID_MODULE.
 */
export async function compileWasm(
  code: Uint8Array | string,
  hash: string,
  memoryBytes: number,
  ctx: ImageContext & {
    /** Imports allowed besides ALLOWED_IMPORTS (the python image's SOCKET_IMPORTS). */
    extraImports?: ReadonlySet<string>
  },
): Promise<Compiled> {
  const key = `wasm:${hash}:${memoryBytes}`
  const hit = ctx.cache.get(key) as Compiled | ZeroLabError | undefined
  if (hit instanceof ZeroLabError) throw hit
  if (hit) return hit
  let compiled: Compiled | ZeroLabError
  try {
    if (typeof code === 'string') throw new ZeroLabError('INVALID_MODULE', 'program is not binary')
    if (code.length > RUNTIME_CAPS.maxModuleBytes)
      throw new ZeroLabError(
        'INVALID_MODULE',
        `module of ${code.length} bytes is over the cap of ${RUNTIME_CAPS.maxModuleBytes}`,
        undefined,
        { cap: RUNTIME_CAPS.maxModuleBytes, asked: code.length },
      )
    const { bytes, ...capped } = capModule(code, memoryBytes)
    let module: WebAssembly.Module
    try {
      module = await WebAssembly.compile(bytes as Uint8Array<ArrayBuffer>)
    } catch (e) {
      throw new ZeroLabError('INVALID_MODULE', `invalid module: ${(e as Error).message}`)
    }
    const bad = forbiddenImport(module, ctx.extraImports)
    if (bad) throw new ZeroLabError('INVALID_MODULE', bad)
    const exports = new Map(WebAssembly.Module.exports(module).map((e) => [e.name, e.kind]))
    if (exports.get('_start') !== 'function') {
      throw new ZeroLabError('INVALID_MODULE', 'module does not export a "_start" function')
    }
    if (exports.get('memory') !== 'memory') {
      throw new ZeroLabError('INVALID_MODULE', 'module does not export its "memory"')
    }
    compiled = { module, ...capped, size: bytes.length }
  } catch (e) {
    compiled = toZeroLabError(e)
    if (compiled.code === 'INTERNAL')
      compiled = new ZeroLabError('INVALID_MODULE', compiled.message)
  }
  prune(ctx.cache, compiled instanceof ZeroLabError ? 0 : compiled.size)
  ctx.cache.set(key, compiled)
  if (compiled instanceof ZeroLabError) throw compiled
  return compiled
}
