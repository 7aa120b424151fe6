import type { CompiledLang, Diagnostic, WireError } from '@zerolab/shared'

/** What one compiler run produced (the host adds the cache key, the module hash and `cached`). */
export interface CompileOutput {
  ok: boolean
  /** The module, when ok. */
  wasm?: Uint8Array
  diagnostics: Diagnostic[]
  log: string
  ms: number
}

/** Compiler resources being downloaded (browser) or read (Node), in bytes. */
export interface CompilerProgress {
  loaded: number
  total: number
}

export type ToCompiler =
  | { type: 'compile'; id: number; lang: CompiledLang; source: string }
  /** Load the compiler's resources now, so the first compile does not wait for them. */
  | { type: 'warm' }

export type FromCompiler =
  | ({ type: 'progress' } & CompilerProgress)
  /** Resources are ready and clang starts on request `id`: the compile timeout runs from here. */
  | { type: 'started'; id: number }
  | { type: 'compiled'; id: number; output: CompileOutput }
  /** The compiler could not run at all (its resources failed to load). */
  | { type: 'failed'; id: number; error: WireError }
