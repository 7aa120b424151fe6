import {
  ZeroLabError,
  type ChannelSpec,
  type InstanceResult,
  type InstanceSpec,
  type InstanceStatus,
  type Validation,
} from '@zerolab/shared'
import { ChannelTable } from '../common/channels.ts'
import type { ImageContext, RunImage } from '../image.ts'
import { capMemory } from './capMemory.ts'
import { ExitSignal, TimeoutSignal } from './signals.ts'
import { ComponentState } from './state.ts'
import { transpile, type Transpiled } from './transpile.ts'
import { wasiImports } from './wasiImports.ts'

const PAGE = 65536

/** stdio always exists, as in the wasm image: missing stdin reads EOF, prints are still captured. */
const STDIO: ChannelSpec[] = [
  { alias: '/dev/stdin', mode: 'read', kind: 'local' },
  { alias: '/dev/stdout', mode: 'write', kind: 'local' },
  { alias: '/dev/stderr', mode: 'write', kind: 'local' },
]

function withStdio(channels: ChannelSpec[]): ChannelSpec[] {
  const missing = STDIO.filter((s) => !channels.some((c) => c.alias === s.alias))
  return missing.length > 0 ? [...missing, ...channels] : channels
}

interface Compiled {
  modules: Map<string, WebAssembly.Module>
  minPages: number
}

interface Outcome {
  status: InstanceStatus
  exitCode: number
  validation: Validation
  message?: string
}

/** Transpiled bindings by program hash; compiled (memory-capped) modules by hash and cap. */
function cached<T>(ctx: ImageContext, key: string, make: () => Promise<T>): Promise<T> {
  let p = ctx.cache.get(key) as Promise<T> | undefined
  if (p === undefined) {
    p = make()
    ctx.cache.set(key, p)
  }
  return p
}

async function compile(t: Transpiled, maxPages: number): Promise<Compiled> {
  const modules = new Map<string, WebAssembly.Module>()
  let minPages = 0
  for (const [name, bytes] of t.core) {
    const capped = capMemory(bytes, maxPages)
    minPages = Math.max(minPages, capped.minPages)
    if (capped.minPages > maxPages) break
    modules.set(name, await WebAssembly.compile(capped.bytes as Uint8Array<ArrayBuffer>))
  }
  return { modules, minPages }
}

function runExport(exports: Record<string, unknown>): () => void {
  const key = Object.keys(exports).find((k) => k.startsWith('wasi:cli/run@'))
  const iface = (key === undefined ? undefined : exports[key]) as { run?: () => void } | undefined
  if (typeof iface?.run !== 'function') {
    throw new ZeroLabError('INVALID_MODULE', 'component does not export wasi:cli/run')
  }
  return iface.run
}

function isStackOverflow(e: unknown): boolean {
  return e instanceof RangeError && /call stack/i.test(e.message)
}

/** Maps whatever ended the run to a status. */
function classify(e: unknown): Outcome {
  if (e instanceof ExitSignal) {
    if (e.code === 0) return { status: 'ok', exitCode: 0, validation: 0 }
    return { status: 'error', exitCode: e.code, validation: 0, message: `exit code ${e.code}` }
  }
  if (e instanceof RangeError && /memory/i.test(e.message)) {
    return { status: 'memory', exitCode: -1, validation: 0, message: e.message }
  }
  if (e instanceof TimeoutSignal) {
    return { status: 'timeout', exitCode: -1, validation: 0, message: e.message }
  }
  if (e instanceof ZeroLabError && e.code === 'INVALID_MODULE') {
    return { status: 'invalid', exitCode: 0, validation: 1, message: e.message }
  }
  if (e instanceof WebAssembly.RuntimeError || isStackOverflow(e)) {
    const what = isStackOverflow(e) ? 'stack overflow' : (e as Error).message
    return { status: 'trap', exitCode: -1, validation: 0, message: `trap: ${what}` }
  }
  if (e instanceof Error && e.constructor.name === 'ComponentError') {
    // wasi:cli/run returned err without calling exit
    return { status: 'error', exitCode: 1, validation: 0, message: 'run returned an error' }
  }
  if (e instanceof WebAssembly.CompileError || e instanceof WebAssembly.LinkError) {
    return { status: 'invalid', exitCode: 0, validation: 1, message: e.message }
  }
  const message = e instanceof Error ? e.message : String(e)
  return { status: 'trap', exitCode: -1, validation: 0, message: `trap: ${message}` }
}

/**
 * The `component` image: a WASI preview2 command component, transpiled by jco in
 * instantiation mode and linked only to our channel-backed WASI (see wasiImports.ts).
 */
export const runComponent: RunImage = async (spec: InstanceSpec, ctx: ImageContext) => {
  const started = performance.now()
  const cpu0 = ctx.cpuNow?.()
  const table = new ChannelTable(withStdio(spec.channels), spec.limits.maxOutputBytes)
  const memories = new Set<WebAssembly.Memory>()
  const maxPages = Math.floor(spec.limits.memoryBytes / PAGE)
  let outcome: Outcome
  try {
    const code = spec.program.code
    if (typeof code === 'string')
      throw new ZeroLabError('INVALID_MODULE', 'component must be bytes')
    const t = await cached(ctx, `component:${spec.program.hash}`, () => transpile(code))
    const c = await cached(ctx, `component:${spec.program.hash}:${maxPages}`, () =>
      compile(t, maxPages),
    )
    if (c.minPages > maxPages) {
      outcome = {
        status: 'memory',
        exitCode: -1,
        validation: 0,
        message: `initial memory ${c.minPages * PAGE} bytes exceeds the limit ${spec.limits.memoryBytes}`,
      }
    } else {
      const state = new ComponentState(spec, table)
      const exports = t.instantiate(
        (name) => c.modules.get(name) ?? invalidCore(name),
        wasiImports(state),
        (module, imports) => {
          const instance = new WebAssembly.Instance(module, withExitCode(imports))
          for (const v of Object.values(instance.exports)) {
            if (v instanceof WebAssembly.Memory) memories.add(v)
          }
          return instance
        },
      )
      runExport(exports)()
      outcome = { status: 'ok', exitCode: 0, validation: 0 }
    }
  } catch (e) {
    outcome = classify(e)
  }
  let memoryPeak = 0
  for (const m of memories) memoryPeak += m.buffer.byteLength
  outcome = applyLimits(outcome, table, memoryPeak, spec.limits.memoryBytes)
  const { outputs, etags } = table.collect()
  const accounting = table.accounting()
  accounting.wallMs = performance.now() - started
  accounting.cpuMs = cpu0 === undefined || !ctx.cpuNow ? accounting.wallMs : ctx.cpuNow() - cpu0
  accounting.memoryPeak = memoryPeak
  const result: InstanceResult = { name: spec.name, ...outcome, outputs, etags, accounting }
  return result
}

/**
 * The preview1 adapter turns proc_exit(n) into wasi:cli/exit(err), which loses n. The guest's
 * own core module imports proc_exit from the adapter, so we take the code right there
 * (libc has flushed its buffers before calling it).
 */
function withExitCode(imports: WebAssembly.Imports | undefined): WebAssembly.Imports | undefined {
  const p1 = imports?.wasi_snapshot_preview1
  if (p1 === undefined || !('proc_exit' in p1)) return imports
  const procExit = (code: number): never => {
    throw new ExitSignal(code >>> 0)
  }
  return { ...imports, wasi_snapshot_preview1: { ...p1, proc_exit: procExit } }
}

function invalidCore(name: string): never {
  throw new ZeroLabError('INVALID_MODULE', `missing core module ${name}`)
}

/**
 * A broken channel limit wins over the exit code. A run that failed with its memory at the
 * cap is reported as `memory`: growth past the cap makes memory.grow fail, which the guest
 * then sees as malloc returning NULL (and usually exits or traps).
 */
function applyLimits(o: Outcome, table: ChannelTable, peak: number, limit: number): Outcome {
  if (table.quotaAlias !== undefined && o.status !== 'invalid' && o.status !== 'timeout') {
    return {
      ...o,
      status: 'quota',
      message: `${table.quotaAlias}: channel or output limit exceeded`,
    }
  }
  const nearCap = peak > 0 && limit - peak <= Math.max(16 * PAGE, limit / 16)
  if ((o.status === 'error' || o.status === 'trap') && nearCap) {
    return {
      ...o,
      status: 'memory',
      message: `memory limit reached (${limit} bytes), then: ${o.message}`,
    }
  }
  return o
}
