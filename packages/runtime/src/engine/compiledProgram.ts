import {
  ZeroLabError,
  type CompileReport,
  type CompileRequest,
  type CompileResult,
  type CompiledLang,
  type JobGroup,
  type ProgramRef,
} from '@zerolab/shared'

/** What the engine calls to turn an inline C/C++ stage into a module (@zerolab/cc makes one). */
export type CompileSource = (
  req: CompileRequest,
  o?: { signal?: AbortSignal },
) => Promise<CompileResult>

/** A group whose source did not compile: its instances end `invalid` without running. */
export interface ProgramFailure {
  failed: true
  message: string
  log: string
}

/**
 * Compiles a group's inline C/C++ source with the runner's compiler into a `wasm` program.
 * Compile errors are not thrown: the group's instances end `invalid` with the compiler's
 * messages (as a JS syntax error does); a runner without a compiler rejects the job.
 */
export async function compileProgram(
  g: JobGroup,
  gi: number,
  compile: CompileSource | undefined,
  signal?: AbortSignal,
): Promise<{ program: ProgramRef | ProgramFailure; report: CompileReport }> {
  const lang = g.exec.lang as CompiledLang
  if (!compile) {
    throw new ZeroLabError(
      'UNSUPPORTED',
      `groups[${gi}].exec.lang: "${lang}" stages are compiled, and this runner has no compiler`,
      `groups[${gi}].exec.lang`,
    )
  }
  const r = await compile({ lang, source: g.exec.source ?? '' }, signal ? { signal } : {})
  const report: CompileReport = {
    lang,
    ok: r.ok,
    key: r.key,
    ms: r.ms,
    cached: r.cached,
    diagnostics: r.diagnostics,
    log: r.log,
  }
  if (!r.ok) {
    const first = r.diagnostics.find((d) => d.severity === 'error') ?? r.diagnostics[0]
    const where = first && first.line > 0 ? `line ${first.line}: ` : ''
    const message = `compile failed: ${where}${first?.message ?? 'see the compiler output'}`
    return { program: { failed: true, message, log: r.log }, report }
  }
  return { program: { image: 'wasm', code: r.wasm, hash: r.hash }, report }
}
