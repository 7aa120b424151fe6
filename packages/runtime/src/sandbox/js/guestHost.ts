import type { QuickJSContext, QuickJSHandle } from 'quickjs-emscripten-core'
import { QUOTA, type ChannelTable } from '../common/channels.ts'
import type { Prng } from '../common/prng.ts'
import { HOST_ERRORS } from './prelude.ts'
import { DATE_SOURCE } from './preludeDate.ts'
import { INSPECT_SOURCE } from './preludeInspect.ts'
import { TIMERS_SOURCE } from './preludeTimers.ts'

/** Mutable per-instance state shared by the host functions and the run loop. */
export interface GuestState {
  /** Set by `zerolab.exit(code)`. */
  exited: number | undefined
  /** First host-side exception inside a host function (a bug or an allocation failure). */
  fault: unknown
  /** Records QuickJS memory use into the instance's peak. */
  sample: () => void
  /**
   * Whether the guest is past its time limit (then it is marked to stop). Host functions
   * check it first: QuickJS looks at its interrupt handler only every many thousand
   * operations, and a loop of costly host calls would otherwise run far past the limit.
   */
  overdue: () => boolean
}

const RANDOM_BATCH = 4096
/** `zerolab.read(channel)` / `readBytes` take a whole channel: at most this many bytes. */
export const READ_ALL_MAX = 64 * 1024 * 1024
const SOURCES: Record<string, string> = {
  date: DATE_SOURCE,
  inspect: INSPECT_SOURCE,
  timers: TIMERS_SOURCE,
}
const encoder = new TextEncoder()
const decoder = new TextDecoder()

/** Guest channel names are relative to /dev (`input`, `in/map-1`) or absolute (`/dev/input`). */
function channelPath(name: string): string {
  const path = name.startsWith('/') ? name : `/dev/${name}`
  return path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path
}

function bufferOf(bytes: Uint8Array): ArrayBuffer {
  const whole =
    bytes.byteOffset === 0 &&
    bytes.byteLength === bytes.buffer.byteLength &&
    bytes.buffer instanceof ArrayBuffer
  return whole ? (bytes.buffer as ArrayBuffer) : bytes.slice().buffer
}

/**
 * Builds the object the prelude receives as `host`: read, readBytes, write, list, exit,
 * random and source (the prelude's lazily compiled parts). Channel access goes through the
 * instance's ChannelTable, which enforces the limits and keeps the CDR counters.
 */
export function createGuestHost(
  vm: QuickJSContext,
  table: ChannelTable,
  prng: Prng,
  state: GuestState,
): QuickJSHandle {
  const host = vm.newObject()
  const code = (n: number): QuickJSHandle => vm.newNumber(n)

  const define = (name: string, fn: (...args: QuickJSHandle[]) => QuickJSHandle): void => {
    const f = vm.newFunction(name, (...args) => {
      if (state.exited !== undefined || state.overdue()) return code(HOST_ERRORS.exited)
      try {
        return fn(...args)
      } catch (e) {
        state.fault ??= e
        return code(HOST_ERRORS.internal)
      }
    })
    vm.setProp(host, name, f)
    f.dispose()
  }

  const readAll = (nameHandle: QuickJSHandle | undefined): Uint8Array | number => {
    const c = table.get(channelPath(nameHandle === undefined ? '' : vm.getString(nameHandle)))
    if (c === undefined) return HOST_ERRORS.noChannel
    if (c.mode !== 'read') return HOST_ERRORS.notReadable
    const bytes = c.readRest(READ_ALL_MAX)
    return typeof bytes === 'number'
      ? bytes === QUOTA
        ? HOST_ERRORS.quota
        : HOST_ERRORS.io
      : bytes
  }

  define('read', (name) => {
    const bytes = readAll(name)
    if (typeof bytes === 'number') return code(bytes)
    const s = vm.newString(decoder.decode(bytes))
    state.sample()
    return s
  })

  define('readBytes', (name) => {
    const bytes = readAll(name)
    if (typeof bytes === 'number') return code(bytes)
    return vm.newArrayBuffer(bufferOf(bytes))
  })

  define('write', (name, data) => {
    const c = table.get(channelPath(name === undefined ? '' : vm.getString(name)))
    if (c === undefined) return code(HOST_ERRORS.noChannel)
    if (c.mode !== 'write' || data === undefined) return code(HOST_ERRORS.notWritable)
    let n: number
    if (vm.typeof(data) === 'string') {
      n = c.write(encoder.encode(vm.getString(data)))
    } else {
      const view = vm.getArrayBuffer(data)
      try {
        n = c.write(view.value)
      } finally {
        view.dispose()
      }
    }
    return code(n === QUOTA ? HOST_ERRORS.quota : n < 0 ? HOST_ERRORS.io : n)
  })

  define('list', (dir) => {
    const d = dir === undefined ? '' : vm.getString(dir)
    const path = d === '' || d === '/dev' || d === '/dev/' ? '/dev' : channelPath(d)
    return vm.newString(JSON.stringify(table.list(path)))
  })

  define('exit', (n) => {
    state.exited = n === undefined ? 0 : vm.getNumber(n) | 0
    return vm.undefined
  })

  define('random', () => {
    const buf = new Uint8Array(RANDOM_BATCH)
    prng.fill(buf)
    return vm.newArrayBuffer(buf.buffer)
  })

  define('source', (name) =>
    vm.newString(SOURCES[name === undefined ? '' : vm.getString(name)] ?? ''),
  )

  return host
}
