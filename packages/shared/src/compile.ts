/**
 * Contracts of compiled inline-source stages (C and C++ → a `wasm` module). The compiler
 * itself (@zerolab/cc) runs in a worker on each platform; the engine only sees CompileSource.
 */

/** Languages an inline `exec.source` may be written in and compiled to a core Wasm module. */
export const COMPILED_LANGS = ['c', 'cpp'] as const
export type CompiledLang = (typeof COMPILED_LANGS)[number]

export function isCompiledLang(v: unknown): v is CompiledLang {
  return v === 'c' || v === 'cpp'
}

/** Largest module a compile may produce (a huge initialized array is a huge data segment). */
export const MAX_COMPILED_MODULE_BYTES = 16 * 1024 * 1024

export interface CompileRequest {
  lang: CompiledLang
  source: string
}

/** One compiler message about the stage's source (`file` is set when it is about a header). */
export interface Diagnostic {
  severity: 'error' | 'warning' | 'note'
  /** 1-based; 0 when the message has no position (a linker error). */
  line: number
  column: number
  message: string
  file?: string
}

interface CompileCommon {
  diagnostics: Diagnostic[]
  /** The compiler's whole stderr (caret lines included). */
  log: string
  /** Key the module is cached under: hex SHA-256 of compiler id, language and source. */
  key: string
  /** Compile time in ms (0 when it came from a cache). */
  ms: number
  cached: boolean
}

export type CompileResult =
  | (CompileCommon & {
      ok: true
      wasm: Uint8Array
      /** MD5 hex of `wasm`: equal in the browser, on the server and in the CLI. */
      hash: string
    })
  | (CompileCommon & { ok: false })

/** What a report says about a compiled stage (the editor puts `diagnostics` at their lines). */
export interface CompileReport {
  lang: CompiledLang
  ok: boolean
  /** Cache key (SHA-256 of compiler, flags, header and source). */
  key: string
  ms: number
  cached: boolean
  diagnostics: Diagnostic[]
  log: string
}
