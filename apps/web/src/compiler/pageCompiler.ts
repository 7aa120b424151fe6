import {
  createCompiler,
  createCompilerHost,
  type CompilerProgress,
  type FromCompiler,
  type ToCompiler,
} from '@zerolab/cc'
import type { CompileSource } from '@zerolab/runtime'
import { fromWebWorker } from '@zerolab/runtime/web'
import { createStore, type Store } from '../state/createStore.ts'
import { IdbModuleCache } from './idbModuleCache.ts'

/** Where the page's compiler is: not started, loading clang (bytes), or ready. */
export type CompilerState =
  { phase: 'idle' } | ({ phase: 'loading' } & CompilerProgress) | { phase: 'ready' }

export const compilerState: Store<CompilerState> = createStore<CompilerState>({ phase: 'idle' })

/** Browsers get more time than the server: a cold compile competes with the page. */
const TIMEOUT_MS = 180_000

let compile: CompileSource | undefined
let warm: (() => void) | undefined

function spawn() {
  return fromWebWorker<ToCompiler, FromCompiler>(
    new Worker(new URL('./compiler.worker.ts', import.meta.url), {
      type: 'module',
      name: 'zerolab-clang',
    }),
  )
}

function start(): CompileSource {
  const host = createCompilerHost({
    spawn,
    timeoutMs: TIMEOUT_MS,
    maxQueued: 8,
    onProgress: (p) =>
      compilerState.set(p.loaded >= p.total ? { phase: 'ready' } : { phase: 'loading', ...p }),
  })
  warm = () => host.warm()
  const run: typeof host.run = async (req, o) => {
    const out = await host.run(req, o)
    compilerState.set({ phase: 'ready' })
    return out
  }
  return createCompiler({ host: { run }, cache: new IdbModuleCache() })
}

/**
 * The page's C/C++ compiler: one Web Worker running clang, created on the first compile (never
 * at start-up), modules cached in memory and in IndexedDB by source key. Local runs and the
 * editor share it, so a stage the editor compiled runs without compiling again.
 */
export const pageCompile: CompileSource = (req, o) => (compile ??= start())(req, o)

/** Starts loading clang ahead of a compile (a C stage was opened). */
export function warmPageCompiler(): void {
  compile ??= start()
  warm?.()
}
