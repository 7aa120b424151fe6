import {
  JOB_CAPS,
  MAX_COMPILED_MODULE_BYTES,
  overCap,
  utf8Length,
  type CompileRequest,
  type CompileResult,
  type Diagnostic,
} from '@zerolab/shared'
import { md5Hex, type CompileSource } from '@zerolab/runtime'
import type { CompilerHost } from './compilerHost.ts'
import type { CompileOutput } from './protocol.ts'
import { sourceKey } from './sourceKey.ts'

/** A compiled module as a persistent cache keeps it (with the warnings it compiled with). */
export interface CachedModule {
  wasm: Uint8Array
  log: string
  diagnostics: Diagnostic[]
}

/** Where modules outlive the process: IndexedDB in the browser, files on the server. */
export interface ModuleCache {
  get(key: string): Promise<CachedModule | undefined>
  put(key: string, m: CachedModule): Promise<void>
}

export interface CompilerOptions {
  host: Pick<CompilerHost, 'run'>
  cache?: ModuleCache
  /** Results kept in memory, failures included (default 32). */
  memoEntries?: number
  /** Told when the persistent cache fails; the compile still succeeds. */
  onCacheError?: (e: unknown) => void
}

/**
 * The CompileSource the engine and the editors use: caps first, then the in-memory memo, the
 * persistent cache, and only then the compiler worker; identical requests in flight share one
 * compile. Results carry the cache key and the module's MD5.
 */
export function createCompiler(o: CompilerOptions): CompileSource {
  const memo = new Map<string, CompileResult>()
  const inflight = new Map<string, Promise<CompileResult>>()
  const limit = o.memoEntries ?? 32
  const remember = (r: CompileResult): CompileResult => {
    memo.delete(r.key)
    memo.set(r.key, r)
    while (memo.size > limit) memo.delete(memo.keys().next().value!)
    return r
  }

  const compileFresh = async (
    req: CompileRequest,
    key: string,
    signal: AbortSignal | undefined,
  ): Promise<CompileResult> => {
    const hit = await o.cache?.get(key).catch((e: unknown) => void o.onCacheError?.(e))
    if (hit) return remember(ok(hit, key, 0, true))
    const out = await o.host.run(req, signal ? { signal } : {})
    const result = toResult(out, key)
    if (result.ok && o.cache) {
      await o.cache
        .put(key, { wasm: result.wasm, log: result.log, diagnostics: result.diagnostics })
        .catch((e: unknown) => o.onCacheError?.(e))
    }
    return remember(result)
  }

  return async (req, opts = {}) => {
    const bytes = utf8Length(req.source)
    const cap = JOB_CAPS.maxCompiledSourceBytes
    if (bytes > cap) throw overCap('source', 'bytes of source', bytes, cap)
    const key = await sourceKey(req)
    const known = memo.get(key)
    if (known) return { ...known, cached: true, ms: 0 }
    let p = inflight.get(key)
    if (!p) {
      p = compileFresh(req, key, opts.signal).finally(() => inflight.delete(key))
      inflight.set(key, p)
    }
    return p
  }
}

function ok(m: CachedModule, key: string, ms: number, cached: boolean): CompileResult {
  return {
    ok: true,
    wasm: m.wasm,
    hash: md5Hex(m.wasm),
    diagnostics: m.diagnostics,
    log: m.log,
    key,
    ms,
    cached,
  }
}

function toResult(out: CompileOutput, key: string): CompileResult {
  const wasm = out.ok ? out.wasm : undefined
  if (!wasm) {
    return { ok: false, diagnostics: out.diagnostics, log: out.log, key, ms: out.ms, cached: false }
  }
  if (wasm.length > MAX_COMPILED_MODULE_BYTES) {
    const message = `the module is ${wasm.length} bytes; a compiled stage may have at most ${MAX_COMPILED_MODULE_BYTES}`
    return {
      ok: false,
      diagnostics: [...out.diagnostics, { severity: 'error', line: 0, column: 0, message }],
      log: `${out.log}${message}\n`,
      key,
      ms: out.ms,
      cached: false,
    }
  }
  return ok({ wasm, log: out.log, diagnostics: out.diagnostics }, key, out.ms, false)
}
