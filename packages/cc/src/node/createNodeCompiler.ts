import { Worker } from 'node:worker_threads'
import type { CompileSource } from '@zerolab/runtime'
import { fromNodeWorker } from '@zerolab/runtime/node'
import { createCompilerHost } from '../compilerHost.ts'
import { createCompiler } from '../createCompiler.ts'
import type { FromCompiler, ToCompiler } from '../protocol.ts'
import { DiskModuleCache } from './diskModuleCache.ts'

export interface NodeCompilerOptions {
  /** Where compiled modules are kept by source hash; none: memory only. */
  cacheDir?: string
  /** Bytes of modules kept in `cacheDir` (default 256 MiB). */
  maxCacheBytes?: number
  /** Longest compile once clang is loaded (default 120 s: a C++ compile on a loaded machine is slow). */
  timeoutMs?: number
  /** The compiler's own memory (default 1 GiB): past it the compile fails. */
  memoryBytes?: number
  /** Compiles waiting behind the running one (default 16); more are refused (UNAVAILABLE). */
  maxQueued?: number
  onCacheError?: (e: unknown) => void
}

export interface NodeCompiler {
  compile: CompileSource
  /** Loads clang now (a few seconds) so the first compile does not wait for it. */
  warm(): void
  close(): void
  cache: DiskModuleCache | undefined
}

const BOOTSTRAP = new URL('./compilerWorker.mjs', import.meta.url)

/**
 * C/C++ compiles for the server and the CLI: clang in one worker thread (the event loop never
 * waits on it), its memory capped, each compile timed out, modules cached on disk by source hash.
 */
export function createNodeCompiler(o: NodeCompilerOptions = {}): NodeCompiler {
  const memoryBytes = o.memoryBytes ?? 1024 * 1024 * 1024
  const host = createCompilerHost({
    spawn: () =>
      fromNodeWorker<ToCompiler, FromCompiler>(
        new Worker(BOOTSTRAP, {
          workerData: { memoryBytes },
          resourceLimits: { maxOldGenerationSizeMb: 512 },
          stdout: false,
          stderr: false,
        }),
      ),
    timeoutMs: o.timeoutMs ?? 120_000,
    maxQueued: o.maxQueued ?? 16,
  })
  const cache = o.cacheDir
    ? new DiskModuleCache(o.cacheDir, o.maxCacheBytes ?? 256 * 1024 * 1024)
    : undefined
  const compile = createCompiler({
    host,
    ...(cache ? { cache } : {}),
    ...(o.onCacheError ? { onCacheError: o.onCacheError } : {}),
  })
  return { compile, warm: () => host.warm(), close: () => host.close(), cache }
}
