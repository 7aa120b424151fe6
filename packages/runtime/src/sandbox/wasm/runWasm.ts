import {
  type ChannelSpec,
  type InstanceResult,
  type InstanceSpec,
  ZeroLabError,
} from '@zerolab/shared'
import { ABORT } from '../../io/layout.ts'
import { ChannelAbort } from '../../io/workerIo.ts'
import { ChannelTable } from '../common/channels.ts'
import { failedResult } from '../common/failedResult.ts'
import { GuardTimeout, type ImageContext, type RunImage } from '../image.ts'
import { compileWasm, type Compiled } from './compileWasm.ts'
import type { FileTree } from './fileTree.ts'
import { PAGE } from './wasmBinary.ts'
import { Wasi, WasiExit } from './wasi.ts'

const STDIO: ChannelSpec[] = [
  { alias: '/dev/stdin', mode: 'read', kind: 'local' },
  { alias: '/dev/stdout', mode: 'write', kind: 'local' },
  { alias: '/dev/stderr', mode: 'write', kind: 'local' },
]

/**
 * stdin/stdout/stderr always exist: a missing stdin reads EOF, and missing stdout/stderr are
 * still captured (and reported) so a guest's prints are never silently lost.
 */
export function withStdio(channels: ChannelSpec[]): ChannelSpec[] {
  const missing = STDIO.filter((s) => !channels.some((c) => c.alias === s.alias))
  return missing.length ? [...missing, ...channels] : channels
}

const IMPORTS = { wasi_snapshot_preview1: Wasi.imports }

/** A failed grow is not visible to the host; memory within this many pages of the cap counts. */
function nearCap(bytes: number, cap: number): boolean {
  const pages = bytes / PAGE
  return cap - pages <= Math.max(16, cap / 16)
}

type Outcome =
  { exit: number } | { trap: string } | { oom: string } | { timeout: string } | { abort: string }

function classify(e: unknown): Outcome {
  if (e instanceof WasiExit) return { exit: e.code }
  if (e instanceof GuardTimeout) return { timeout: e.message }
  if (e instanceof ChannelAbort)
    return { abort: e.reason === ABORT.DEADLOCK ? 'deadlock' : e.message }
  if (e instanceof WebAssembly.RuntimeError) return { trap: e.message }
  if (e instanceof RangeError) {
    if (/call stack/i.test(e.message)) return { trap: 'stack overflow' }
    if (/memory/i.test(e.message)) return { oom: e.message }
    return { trap: e.message }
  }
  throw e
}

/** Runs a WASI preview1 command module against the instance's channels. */
export const runWasm: RunImage = async (spec: InstanceSpec, ctx): Promise<InstanceResult> => {
  const t0 = performance.now()
  const c0 = ctx.cpuNow?.()
  const compiled = await compileWasm(
    spec.program.code,
    spec.program.hash,
    spec.limits.memoryBytes,
    ctx,
  )
  return runCompiled(spec, ctx, compiled, { args: [spec.argv0 ?? spec.name, ...spec.args], t0, c0 })
}

export interface RunCompiledOptions {
  /** The guest's argv, argv[0] included. */
  args: string[]
  /** A read-only tree preopened at `/` (the python image's stdlib and script). */
  tree?: FileTree
  /** When the run started (performance.now()) and the thread's CPU time then. */
  t0: number
  c0: number | undefined
}

/** Runs a compiled command module (its memory capped to the instance's limit) to its end. */
export function runCompiled(
  spec: InstanceSpec,
  ctx: ImageContext,
  compiled: Compiled,
  o: RunCompiledOptions,
): InstanceResult {
  const { t0, c0 } = o
  const limit = spec.limits.memoryBytes
  const { module, minPages, needBytes } = compiled
  const cap = compiled.maxPages
  if (needBytes > limit) {
    const tables = compiled.tableEntries ? ` (${compiled.tableEntries} table entries included)` : ''
    return failedResult(spec.name, {
      status: 'memory',
      message: `module needs ${needBytes} bytes of memory${tables}, the limit is ${limit}`,
      accounting: { memoryPeak: needBytes },
    })
  }
  ctx.onStart?.()
  const table = new ChannelTable(withStdio(spec.channels), spec.limits.maxOutputBytes, spec.io)
  const wasi = new Wasi({
    args: o.args,
    env: spec.env,
    seed: spec.seed,
    name: spec.name,
    epochMs: spec.epochMs,
    table,
    ...(o.tree ? { tree: o.tree } : {}),
  })
  let outcome: Outcome
  let memory: WebAssembly.Memory | undefined
  Wasi.current = wasi
  const start = (): void => {
    const instance = new WebAssembly.Instance(module, IMPORTS)
    memory = instance.exports['memory'] as WebAssembly.Memory
    wasi.memory = memory
    ;(instance.exports['_start'] as () => void)()
  }
  try {
    if (ctx.guard) ctx.guard(start, spec.limits.timeoutMs)
    else start()
    outcome = { exit: 0 }
  } catch (e) {
    if (e instanceof WebAssembly.LinkError) throw new ZeroLabError('INVALID_MODULE', e.message)
    outcome = classify(e)
  } finally {
    Wasi.current = undefined
    table.close()
  }
  const peak = memory?.buffer.byteLength ?? minPages * PAGE
  const wallMs = performance.now() - t0
  const accounting = {
    ...table.accounting(),
    wallMs,
    cpuMs: c0 === undefined ? wallMs : ctx.cpuNow!() - c0,
    memoryPeak: peak,
  }
  const { outputs, etags } = table.collect()
  const result: InstanceResult = {
    name: spec.name,
    status: 'ok',
    exitCode: 'exit' in outcome ? outcome.exit : -1,
    validation: 0,
    outputs,
    etags,
    accounting,
  }
  if ('timeout' in outcome) {
    result.status = 'timeout'
    result.message = outcome.timeout
  } else if (table.quotaAlias !== undefined) {
    result.status = 'quota'
    result.message = `limit exceeded on ${table.quotaAlias}`
  } else if ('abort' in outcome) {
    result.status = outcome.abort === 'deadlock' ? 'deadlock' : 'error'
    result.message = outcome.abort
  } else if ('oom' in outcome) {
    result.status = 'memory'
    result.message = outcome.oom
  } else if ('trap' in outcome) {
    const oom = nearCap(peak, cap)
    result.status = oom ? 'memory' : 'trap'
    result.message = oom
      ? `memory limit reached (${cap * PAGE} bytes), then: ${outcome.trap}`
      : outcome.trap
  } else if (outcome.exit !== 0) {
    const oom = nearCap(peak, cap)
    result.status = oom ? 'memory' : 'error'
    result.message = oom
      ? `memory limit reached (${cap * PAGE} bytes), then exit code ${outcome.exit}`
      : `exit code ${outcome.exit}`
  }
  return result
}
