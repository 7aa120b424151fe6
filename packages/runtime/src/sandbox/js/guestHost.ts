import type { QuickJSContext, QuickJSHandle } from 'quickjs-emscripten-core'
import { QUOTA, type Channel, type ChannelTable } from '../common/channels.ts'
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
/** `zerolab.readChunk(channel, n)`: n defaults to this, and is capped at READ_CHUNK_MAX. */
export const READ_CHUNK_DEFAULT = 64 * 1024
export const READ_CHUNK_MAX = 16 * 1024 * 1024
/** `zerolab.lines(channel)` reads this much per host call; a longer line comes in pieces. */
const LINES_CHUNK = 256 * 1024
export const LINE_MAX = 16 * 1024 * 1024
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

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length)
  out.set(a)
  out.set(b, a.length)
  return out
}

function bufferOf(bytes: Uint8Array): ArrayBuffer {
  const whole =
    bytes.byteOffset === 0 &&
    bytes.byteLength === bytes.buffer.byteLength &&
    bytes.buffer instanceof ArrayBuffer
  return whole ? (bytes.buffer as ArrayBuffer) : bytes.slice().buffer
}

/**
 * Builds the object the prelude receives as `host`: read, readBytes, readChunk, readLines,
 * unreadLines, write, list, exit,
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

  const failure = (n: number): number => (n === QUOTA ? HOST_ERRORS.quota : HOST_ERRORS.io)

  const readable = (nameHandle: QuickJSHandle | undefined): Channel | number => {
    const c = table.get(channelPath(nameHandle === undefined ? '' : vm.getString(nameHandle)))
    if (c === undefined) return HOST_ERRORS.noChannel
    if (c.mode !== 'read') return HOST_ERRORS.notReadable
    return c
  }

  // What `lines` read past its last whole line, per channel: every read call returns it first.
  const carry = new Map<Channel, Uint8Array>()
  // The bytes of the last text `readLines` returned, per channel, for `unreadLines`.
  const lastLines = new Map<Channel, Uint8Array>()
  const takeCarry = (c: Channel): Uint8Array | undefined => {
    const held = carry.get(c)
    carry.delete(c)
    return held
  }

  const readAll = (nameHandle: QuickJSHandle | undefined): Uint8Array | number => {
    const c = readable(nameHandle)
    if (typeof c === 'number') return c
    const held = takeCarry(c)
    const bytes = c.readRest(READ_ALL_MAX - (held?.length ?? 0))
    if (typeof bytes === 'number') return failure(bytes)
    return held ? concat(held, bytes) : bytes
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

  define('readChunk', (name, size) => {
    const c = readable(name)
    if (typeof c === 'number') return code(c)
    const asked = size === undefined ? NaN : Math.floor(vm.getNumber(size))
    const max = asked >= 1 ? Math.min(asked, READ_CHUNK_MAX) : READ_CHUNK_DEFAULT
    const held = takeCarry(c)
    if (held) {
      if (held.length > max) carry.set(c, held.subarray(max))
      return vm.newArrayBuffer(bufferOf(held.subarray(0, max)))
    }
    const got = c.read(max)
    return typeof got === 'number' ? code(failure(got)) : vm.newArrayBuffer(bufferOf(got))
  })

  // Whole lines (through the last newline read), decoded; what follows waits in `carry`. At the
  // end the unterminated rest, then ''. A line longer than LINE_MAX comes in pieces.
  define('readLines', (name) => {
    const c = readable(name)
    if (typeof c === 'number') return code(c)
    let buf = takeCarry(c) ?? new Uint8Array(0)
    for (;;) {
      const nl = buf.lastIndexOf(10)
      if (nl >= 0 || buf.length >= LINE_MAX) {
        const end = nl >= 0 ? nl + 1 : buf.length
        if (end < buf.length) carry.set(c, buf.slice(end))
        lastLines.set(c, buf.subarray(0, end))
        const s = vm.newString(decoder.decode(buf.subarray(0, end)))
        state.sample()
        return s
      }
      const got = c.read(LINES_CHUNK)
      if (typeof got === 'number') {
        if (buf.length > 0) carry.set(c, buf)
        return code(failure(got))
      }
      if (got.length === 0) {
        lastLines.set(c, buf)
        return vm.newString(decoder.decode(buf))
      }
      buf = buf.length === 0 ? got : concat(buf, got)
    }
  })

  // `lines` was left after `used` lines of the last text: the rest goes back before the carry.
  define('unreadLines', (name, used) => {
    const c = readable(name)
    if (typeof c === 'number') return code(c)
    const last = lastLines.get(c)
    lastLines.delete(c)
    if (last === undefined) return code(0)
    let at = 0
    for (let k = used === undefined ? 0 : vm.getNumber(used); k > 0 && at < last.length; k--) {
      const nl = last.indexOf(10, at)
      at = nl < 0 ? last.length : nl + 1
    }
    const held = carry.get(c)
    const rest = last.subarray(at)
    if (rest.length > 0) carry.set(c, held ? concat(rest, held) : rest.slice())
    return code(0)
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
