import {
  RUNTIME_CAPS,
  ZeroLabError,
  type ChannelSpec,
  type InstanceResult,
  type InstanceSpec,
} from '@zerolab/shared'
import { ChannelTable } from '../common/channels.ts'
import type { ImageContext, RunImage } from '../image.ts'
import { cached, isRejection, remember } from './cache.ts'
import { capModule } from '../wasm/wasmBinary.ts'
import { applyLimits, classify, type Outcome } from './outcome.ts'
import { ExitSignal } from './signals.ts'
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

async function compile(t: Transpiled, maxPages: number): Promise<Compiled> {
  const modules = new Map<string, WebAssembly.Module>()
  let minPages = 0
  for (const [name, bytes] of t.core) {
    // Each core module's memory and tables fit the limit (capModule).
    const capped = capModule(bytes, maxPages * PAGE)
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

/**
 * The `component` image: a WASI preview2 command component, transpiled by jco in
 * instantiation mode and linked only to our channel-backed WASI (see wasiImports.ts).
 */
export const runComponent: RunImage = async (spec: InstanceSpec, ctx: ImageContext) => {
  const started = performance.now()
  const cpu0 = ctx.cpuNow?.()
  const table = new ChannelTable(withStdio(spec.channels), spec.limits.maxOutputBytes, spec.io)
  const memories = new Set<WebAssembly.Memory>()
  const maxPages = Math.floor(spec.limits.memoryBytes / PAGE)
  let memoryPeak = 0
  let outcome: Outcome
  try {
    const { t, c } = await prepare(spec, ctx, maxPages)
    if (c.minPages > maxPages) {
      memoryPeak = c.minPages * PAGE
      outcome = {
        status: 'memory',
        exitCode: -1,
        validation: 0,
        message: `initial memory ${c.minPages * PAGE} bytes exceeds the limit ${spec.limits.memoryBytes}`,
      }
    } else {
      // The guest starts now: the pool restarts its wall-clock limit, and so does our deadline.
      const guestStart = performance.now()
      ctx.onStart?.()
      outcome = runGuest(t, c, new ComponentState(spec, table, guestStart), memories)
    }
  } catch (e) {
    if (!isRejection(e)) throw e
    outcome = { status: 'invalid', exitCode: 0, validation: 1, message: (e as Error).message }
  }
  table.close()
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

async function prepare(
  spec: InstanceSpec,
  ctx: ImageContext,
  maxPages: number,
): Promise<{ t: Transpiled; c: Compiled }> {
  const code = spec.program.code
  if (typeof code === 'string') {
    throw new ZeroLabError('INVALID_MODULE', 'a component must be binary')
  }
  if (code.length > RUNTIME_CAPS.maxModuleBytes)
    throw new ZeroLabError(
      'INVALID_MODULE',
      `component of ${code.length} bytes is over the cap of ${RUNTIME_CAPS.maxModuleBytes}`,
      undefined,
      { cap: RUNTIME_CAPS.maxModuleBytes, asked: code.length },
    )
  remember(ctx, spec.program.hash)
  const t = await cached(ctx, `component:${spec.program.hash}`, () => transpile(code))
  const key = `component:${spec.program.hash}:${maxPages}`
  const c = await cached(ctx, key, () => compile(t, maxPages))
  return { t, c }
}

/** Instantiates and runs the command; whatever ends it becomes the outcome. */
function runGuest(
  t: Transpiled,
  c: Compiled,
  state: ComponentState,
  memories: Set<WebAssembly.Memory>,
): Outcome {
  try {
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
    return { status: 'ok', exitCode: 0, validation: 0 }
  } catch (e) {
    return classify(e)
  }
}

function invalidCore(name: string): never {
  throw new ZeroLabError('INVALID_MODULE', `missing core module ${name}`)
}
