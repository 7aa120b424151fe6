import type { CompileRequest } from '@zerolab/shared'
import { parseDiagnostics } from './diagnostics.ts'
import { INCLUDE_DIR, OUTPUT_FILE, SOURCE_FILE, clangCommand } from './flags.ts'
import type { CompileOutput, CompilerProgress } from './protocol.ts'
import { ZEROLAB_H } from './zerolabHeader.ts'

/** Compiler stderr kept per run: a file of errors is a few KB; a flood is cut here. */
const MAX_LOG_CHARS = 64 * 1024

type Tree = { [name: string]: Tree | string | Uint8Array }

/** The virtual file system clang sees: the source and <zerolab.h> (its own sysroot is /usr). */
function filesFor(req: CompileRequest): Tree {
  const tree: Tree = { [SOURCE_FILE[req.lang]]: req.source }
  let dir = tree
  for (const part of INCLUDE_DIR.split('/')) dir = dir[part] = {}
  dir['zerolab.h'] = ZEROLAB_H
  return tree
}

type Progress = (p: CompilerProgress) => void

/** Imports @yowasp/clang and loads its resources (the first call downloads or reads ~100 MB). */
export async function loadCompiler(onProgress?: Progress) {
  const clang = await import('@yowasp/clang')
  await clang.commands.clang(
    undefined,
    {},
    {
      fetchProgress: (e) => onProgress?.({ loaded: e.doneLength, total: e.totalLength }),
    },
  )
  return clang
}

/**
 * Runs clang on one source. Never throws for a bad source: errors come back as `ok: false`
 * with the compiler's messages. A compiler that traps (out of memory under a capped memory)
 * is a failed compile too.
 */
export async function compileSource(
  req: CompileRequest,
  o: { onProgress?: Progress; onStart?: () => void } = {},
): Promise<CompileOutput> {
  const clang = await loadCompiler(o.onProgress)
  const { command, args } = clangCommand(req.lang)
  let log = ''
  const dec = new TextDecoder()
  const sink = (bytes: Uint8Array | null): void => {
    if (bytes && log.length < MAX_LOG_CHARS) log += dec.decode(bytes, { stream: true })
  }
  o.onStart?.()
  const started = performance.now()
  let wasm: Uint8Array | undefined
  let crash: string | undefined
  try {
    const out = await clang.commands[command](args, filesFor(req), {
      stdout: sink,
      stderr: sink,
      decodeASCII: false,
    })
    const file = out?.[OUTPUT_FILE]
    if (file instanceof Uint8Array) wasm = file
  } catch (e) {
    if (!(e instanceof clang.Exit)) crash = compilerCrash(e)
  }
  if (log.length >= MAX_LOG_CHARS) log = `${log.slice(0, MAX_LOG_CHARS)}\n… (compiler output cut)\n`
  if (crash) log += `${log && !log.endsWith('\n') ? '\n' : ''}${crash}\n`
  const diagnostics = parseDiagnostics(log, SOURCE_FILE[req.lang])
  if (crash) diagnostics.push({ severity: 'error', line: 0, column: 0, message: crash })
  const ms = performance.now() - started
  return wasm ? { ok: true, wasm, diagnostics, log, ms } : { ok: false, diagnostics, log, ms }
}

function compilerCrash(e: unknown): string {
  const msg = e instanceof Error ? e.message : String(e)
  if (e instanceof WebAssembly.RuntimeError) {
    return `the compiler stopped (${msg}): the source needs more memory or stack than a compile may use`
  }
  return `the compiler failed: ${msg}`
}
