import { ZeroLabError, isCompiledLang, type Job } from '@zerolab/shared'
import { compileProgram, type CompileSource, type ProgramReport } from '@zerolab/runtime'

/**
 * Compiles a job's C/C++ stages once, on the gateway, and hands the nodes the modules instead
 * (inline base64 Wasm), so every node runs the same bytes. A stage that does not compile fails
 * the job before anything is placed, with the compiler's first error and its line.
 */
export async function compileStages(
  job: Job,
  compile: CompileSource | undefined,
  signal: AbortSignal,
): Promise<{ job: Job; programs: Map<number, ProgramReport> }> {
  const programs = new Map<number, ProgramReport>()
  const groups = [...job.groups]
  for (const [gi, g] of job.groups.entries()) {
    if (!isCompiledLang(g.exec.lang)) continue
    const { program, report } = await compileProgram(g, gi, compile, signal)
    const at = `groups[${gi}].exec.source`
    if ('failed' in program)
      throw new ZeroLabError('COMPILE_FAILED', `${at}: ${program.message}`, at)
    const { lang: _lang, ...exec } = g.exec
    const wasm = Buffer.from(program.code as Uint8Array).toString('base64')
    groups[gi] = { ...g, exec: { ...exec, image: 'wasm', encoding: 'base64', source: wasm } }
    programs.set(gi, { group: g.name, image: 'wasm', hash: program.hash, compile: report })
  }
  return { job: { ...job, groups }, programs }
}
