import {
  type ChannelSpec,
  type InstanceResult,
  type InstanceSpec,
  type InstanceStatus,
  type Validation,
} from '@zerolab/shared'
import type { QuickJSContext, QuickJSHandle, QuickJSWASMModule } from 'quickjs-emscripten-core'
import { ChannelTable } from '../common/channels.ts'
import { Prng } from '../common/prng.ts'
import type { RunImage } from '../image.ts'
import { createGuestHost, type GuestState } from './guestHost.ts'
import { PRELUDE } from './prelude.ts'
import { capHeap, forgetQuickJS, heapGate, loadQuickJS } from './quickjsModule.ts'
import { stripTypes } from './stripTypes.ts'

interface Outcome {
  status: InstanceStatus
  exitCode: number
  validation: Validation
  message?: string
  memoryPeak: number
}

const now = (): number => performance.now()
const STDIO: ChannelSpec[] = [
  { alias: '/dev/stdin', mode: 'read', kind: 'local' },
  { alias: '/dev/stdout', mode: 'write', kind: 'local' },
  { alias: '/dev/stderr', mode: 'write', kind: 'local' },
]
/** Memory sampling may take at most 1/this of the guest's run time. */
const SAMPLE_COST_FACTOR = 20
/** A Wasm heap grown past this is dropped with its module after the instance (it never shrinks). */
const MAX_KEPT_HEAP = 512 * 1024 * 1024

/** The `js` image: JavaScript (or TypeScript, types stripped) in a fresh QuickJS context. */
export const runJs: RunImage = async (spec, ctx) => {
  const started = now()
  const cpu0 = ctx.cpuNow?.()
  const missing = STDIO.filter((s) => !spec.channels.some((c) => c.alias === s.alias))
  const table = new ChannelTable(
    [...spec.channels, ...missing],
    spec.limits.maxOutputBytes,
    spec.io,
  )

  let outcome: Outcome
  const source = guestSource(spec, ctx)
  if (typeof source !== 'string') {
    stderr(table, `${source.message}\n`)
    outcome = {
      status: 'invalid',
      exitCode: 1,
      validation: 1,
      message: source.message,
      memoryPeak: 0,
    }
  } else {
    let qjs = await loadQuickJS(ctx)
    // A heap an earlier instance grew past this one's limit never shrinks; its free space
    // would be this instance's to use, so it starts on a fresh module instead.
    if (qjs.getWasmMemory().buffer.byteLength > heapGate(qjs).baseline + spec.limits.memoryBytes) {
      forgetQuickJS(ctx)
      qjs = await loadQuickJS(ctx)
    }
    try {
      outcome = execute(qjs, { spec, table, source, onStart: ctx.onStart })
      if (qjs.getWasmMemory().buffer.byteLength > MAX_KEPT_HEAP) forgetQuickJS(ctx)
    } catch (e) {
      // The host's own stack ran out inside QuickJS (or the Wasm trapped): the module's
      // C state is suspect, so drop it; the next instance loads a fresh one.
      forgetQuickJS(ctx)
      const message = e instanceof Error ? e.message : String(e)
      if (!(e instanceof RangeError) && !(e instanceof WebAssembly.RuntimeError)) throw e
      const stack = /call stack/i.test(message)
      const text = stack ? 'stack overflow' : `wasm trap: ${message}`
      stderr(table, `InternalError: ${text}\n`)
      outcome = { status: 'trap', exitCode: 1, validation: 0, message: text, memoryPeak: 0 }
    }
  }

  if (table.quotaAlias !== undefined && (outcome.status === 'ok' || outcome.status === 'error')) {
    outcome = {
      ...outcome,
      status: 'quota',
      message: `quota exceeded on ${table.quotaAlias}`,
    }
    if (outcome.exitCode === 0) outcome.exitCode = 1
  }
  table.close()
  const wallMs = now() - started
  const { outputs, etags } = table.collect()
  const result: InstanceResult = {
    name: spec.name,
    status: outcome.status,
    exitCode: outcome.exitCode,
    validation: outcome.validation,
    outputs,
    etags,
    accounting: {
      ...table.accounting(),
      wallMs,
      cpuMs: cpu0 === undefined || ctx.cpuNow === undefined ? wallMs : ctx.cpuNow() - cpu0,
      memoryPeak: outcome.memoryPeak,
    },
  }
  if (outcome.message !== undefined) result.message = outcome.message
  return result
}

/** The program text to run, or the error that makes it invalid. */
function guestSource(spec: InstanceSpec, ctx: Parameters<RunImage>[1]): string | Error {
  const { code, lang, hash } = spec.program
  const text = typeof code === 'string' ? code : new TextDecoder().decode(code)
  if (lang !== 'ts') return text
  try {
    return stripTypes(text, hash, ctx)
  } catch (e) {
    return new Error(`SyntaxError: ${e instanceof Error ? e.message : String(e)}`)
  }
}

function stderr(table: ChannelTable, text: string): void {
  table.get('/dev/stderr')?.write(new TextEncoder().encode(text))
}

/** One instance's inputs to the QuickJS run. */
interface Run {
  spec: InstanceSpec
  table: ChannelTable
  source: string
  onStart: (() => void) | undefined
}

function execute(qjs: QuickJSWASMModule, run: Run): Outcome {
  const { spec, table, source } = run
  const { memoryBytes, stackBytes, timeoutMs } = spec.limits
  const vm = qjs.newContext()
  const rt = vm.runtime
  const memory = qjs.getWasmMemory()
  const baseHeap = memory.buffer.byteLength
  const gate = heapGate(qjs)
  let memoryPeak = 0
  const sample = (): void => {
    try {
      const usage = rt.computeMemoryUsage()
      const used = vm.getProp(usage, 'memory_used_size')
      memoryPeak = Math.max(memoryPeak, vm.getNumber(used))
      used.dispose()
      usage.dispose()
    } catch {
      // Sampling is best effort; an allocation failure here must not end the guest.
    }
  }
  // The clock starts with the program: loading QuickJS and the prelude are not its time.
  let deadline = Infinity
  let stop: 'timeout' | 'memory' | undefined
  const overdue = (): boolean => {
    if (stop === undefined && now() > deadline) stop = 'timeout'
    return stop !== undefined
  }
  const state: GuestState = { exited: undefined, fault: undefined, sample, overdue }
  let nextSample = 0
  const handles: QuickJSHandle[] = []
  let poisoned = false
  try {
    const pump = install(vm, run, state, handles)
    // QuickJS counts allocations, not their sizes, under Emscripten (malloc_usable_size is
    // 0 there), so its own limit only catches single huge allocations. The heap gate
    // (capHeap below) makes any allocation fail once the Wasm heap would grow past the
    // module's baseline + the limit; the watchdog also ends the guest when a growth was
    // refused (it may have caught the error), the heap grew past the limit, or a
    // (cost-adaptive) sample of QuickJS's memory use is over it.
    rt.setInterruptHandler(() => {
      if (state.exited !== undefined) return true
      const t = now()
      if (t > deadline) stop = 'timeout'
      else if (gate.refused || memory.buffer.byteLength - baseHeap > memoryBytes) stop = 'memory'
      else if (t >= nextSample) {
        sample()
        const after = now()
        nextSample = after + Math.max(1, (after - t) * SAMPLE_COST_FACTOR)
        if (memoryPeak > memoryBytes) stop = 'memory'
      }
      return stop !== undefined
    })
    rt.setMaxStackSize(stackBytes)
    rt.setMemoryLimit(memoryBytes)
    capHeap(gate, gate.baseline + memoryBytes)

    const filename = spec.program.lang === 'ts' ? 'main.ts' : 'main.js'
    const compiled = vm.evalCode(source, filename, { type: 'global', compileOnly: true })
    if (compiled.error) {
      rt.setMemoryLimit(-1)
      gate.cap = Infinity
      const e = describe(vm, compiled.error)
      compiled.error.dispose()
      const at = /^\s*at (.+)$/m.exec(e.stack)?.[1]
      const message = at === undefined ? e.text : `${e.text} (${at})`
      stderr(table, `${message}\n`)
      return { status: 'invalid', exitCode: 1, validation: 1, message, memoryPeak }
    }
    compiled.value.dispose()
    run.onStart?.()
    deadline = now() + timeoutMs

    let error = settle(vm.evalCode(source, filename, { type: 'global' }))
    while (error === undefined && state.exited === undefined) {
      const jobs = rt.executePendingJobs()
      if (jobs.error) {
        error = jobs.error
        break
      }
      if (state.exited !== undefined) break
      const ran = vm.callFunction(pump, vm.undefined)
      if (ran.error) {
        error = ran.error
        break
      }
      const more = vm.typeof(ran.value) === 'boolean' && vm.dump(ran.value) === true
      ran.value.dispose()
      if (!more) break
    }

    rt.setMemoryLimit(-1)
    gate.cap = Infinity
    sample()
    if (state.fault !== undefined) throw state.fault
    const outcome = conclude(vm, run, error, { exited: state.exited, stop })
    error?.dispose()
    return { ...outcome, memoryPeak }
  } catch (e) {
    poisoned = true
    throw e
  } finally {
    gate.cap = Infinity
    // After a host-level exception the C state is unknown and freeing could abort.
    if (!poisoned) {
      for (const h of handles) if (h.alive) h.dispose()
      vm.dispose()
    }
  }
}

/** Status, exit code and message from how the program ended. */
function conclude(
  vm: QuickJSContext,
  { spec, table }: Run,
  error: QuickJSHandle | undefined,
  { exited, stop }: { exited: number | undefined; stop: 'timeout' | 'memory' | undefined },
): Omit<Outcome, 'memoryPeak'> {
  if (exited !== undefined)
    return { status: exited === 0 ? 'ok' : 'error', exitCode: exited, validation: 0 }
  if (error === undefined) return { status: 'ok', exitCode: 0, validation: 0 }
  if (stop === 'timeout') {
    return {
      status: 'timeout',
      exitCode: 1,
      validation: 0,
      message: `timeout after ${spec.limits.timeoutMs} ms`,
    }
  }
  if (stop === 'memory') {
    const message = `memory limit of ${spec.limits.memoryBytes} bytes exceeded`
    stderr(table, `InternalError: out of memory\n`)
    return { status: 'memory', exitCode: 1, validation: 0, message }
  }
  const e = describe(vm, error)
  stderr(table, `${e.text}\n${e.stack}`)
  const status: InstanceStatus =
    e.name === 'InternalError' && e.message === 'out of memory'
      ? 'memory'
      : e.message === 'stack overflow' || e.message === 'Maximum call stack size exceeded'
        ? 'trap'
        : 'error'
  return { status, exitCode: 1, validation: 0, message: e.text }
}

/** Runs the prelude; returns the guest's timer pump (kept alive in `handles`). */
function install(
  vm: QuickJSContext,
  { spec, table }: Run,
  state: GuestState,
  handles: QuickJSHandle[],
): QuickJSHandle {
  const info = { name: spec.name, args: [spec.argv0 ?? spec.name, ...spec.args], env: spec.env }
  const prelude = vm.unwrapResult(vm.evalCode(PRELUDE, '<zerolab>', { type: 'global' }))
  const host = createGuestHost(vm, table, new Prng(spec.seed, spec.name), state)
  const infoHandle = vm.unwrapResult(
    vm.evalCode(`(${JSON.stringify({ ...info, epochMs: spec.epochMs })})`, '<zerolab>', {
      type: 'global',
    }),
  )
  try {
    const pump = vm.unwrapResult(vm.callFunction(prelude, vm.undefined, host, infoHandle))
    handles.push(pump)
    return pump
  } finally {
    prelude.dispose()
    host.dispose()
    infoHandle.dispose()
  }
}

function settle(r: ReturnType<QuickJSContext['evalCode']>): QuickJSHandle | undefined {
  if (r.error) return r.error
  r.value.dispose()
  return undefined
}

/** Name, message, stack and one-line text of a thrown guest value. */
function describe(
  vm: QuickJSContext,
  h: QuickJSHandle,
): { name: string; message: string; stack: string; text: string } {
  const v: unknown = vm.dump(h)
  if (typeof v === 'object' && v !== null && 'message' in v) {
    const o = v as { name?: unknown; message?: unknown; stack?: unknown }
    const name = typeof o.name === 'string' ? o.name : 'Error'
    const message = String(o.message)
    const stack = typeof o.stack === 'string' ? o.stack : ''
    return { name, message, stack, text: `${name}: ${message}` }
  }
  const text = `Uncaught ${typeof v === 'string' ? v : (JSON.stringify(v) ?? String(v))}`
  return { name: '', message: text, stack: '', text }
}
