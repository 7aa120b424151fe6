/**
 * wasi:io (error, poll, streams) over channels. Shapes follow @bytecodealliance/preview2-shim;
 * errors are thrown as WIT values (`{ tag: 'closed' }`, `{ tag: 'last-operation-failed', val }`),
 * never as Error instances, so jco lowers them into the guest's `result`.
 */
import type * as WasiIoStreams from '@bytecodealliance/preview2-shim/interfaces/wasi-io-streams'
import { QUOTA, type Channel } from '../common/channels.ts'
import type { ComponentState } from './state.ts'

/** Largest single read handed to the guest. */
const MAX_READ = 1 << 20
/** Write permit returned by check-write. */
const WRITE_PERMIT = 1n << 20n

export type IoErrorCode = 'quota' | 'io'

/** wasi:io/error.error. `code` is what filesystem-error-code reports for it. */
export class IoError {
  readonly code: IoErrorCode
  readonly message: string

  constructor(code: IoErrorCode, message: string) {
    this.code = code
    this.message = message
  }

  toDebugString(): string {
    return this.message
  }
}

function closed(): never {
  throw { tag: 'closed' } satisfies WasiIoStreams.StreamErrorClosed
}

function failed(err: IoError): never {
  throw { tag: 'last-operation-failed', val: err }
}

function quota(alias: string): never {
  failed(new IoError('quota', `${alias}: channel limit exceeded (EDQUOT)`))
}

/** wasi:io/poll.pollable: ready now, or once the logical monotonic clock reaches `deadlineNs`. */
export class Pollable {
  private readonly state: ComponentState | undefined
  readonly deadlineNs: bigint

  constructor(state?: ComponentState, deadlineNs = 0n) {
    this.state = state
    this.deadlineNs = deadlineNs
  }

  ready(): boolean {
    this.state?.tick()
    return this.state === undefined || this.state.monotonicNs >= this.deadlineNs
  }

  /** Sleeping is virtual: the logical clock jumps to the deadline. */
  block(): void {
    const s = this.state
    if (s === undefined) return
    s.tick()
    if (s.monotonicNs < this.deadlineNs) s.monotonicNs = this.deadlineNs
  }
}

/** wasi:io/poll.poll: the ready indexes; when none is ready, time jumps to the nearest deadline. */
export function poll(list: Pollable[]): Uint32Array {
  if (list.length === 0) throw new RangeError('poll list must not be empty')
  let ready = list.flatMap((p, i) => (p.ready() ? [i] : []))
  if (ready.length === 0) {
    const next = list.reduce((m, p) => (p.deadlineNs < m.deadlineNs ? p : m))
    next.block()
    ready = list.flatMap((p, i) => (p.ready() ? [i] : []))
  }
  return new Uint32Array(ready)
}

/**
 * Reads a channel from `offset`, or, without one, from the channel's own position: every
 * stdin stream shares it (Rust's std asks wasi:cli/stdin for a new stream on each read).
 * A missing channel reads as empty.
 */
export class InputStream {
  private readonly state: ComponentState
  private readonly channel: Channel | undefined
  private offset: number | undefined

  constructor(state: ComponentState, channel: Channel | undefined, offset?: number) {
    this.state = state
    this.channel = channel
    this.offset = offset
  }

  read(len: bigint): Uint8Array {
    this.state.tick()
    const c = this.channel
    if (c === undefined || c.mode !== 'read') closed()
    if (len === 0n) return new Uint8Array(0)
    // The read at EOF is counted too, as the wasm image (and ZeroVM) count every read call.
    const got = c.read(Math.min(Number(len), MAX_READ), this.offset)
    if (got === QUOTA) quota(c.alias)
    if (typeof got === 'number') failed(new IoError('io', `${c.alias}: read failed`))
    if (got.length === 0) closed()
    if (this.offset !== undefined) this.offset += got.length
    return got
  }

  blockingRead(len: bigint): Uint8Array {
    return this.read(len)
  }

  skip(len: bigint): bigint {
    return BigInt(this.read(len).length)
  }

  blockingSkip(len: bigint): bigint {
    return this.skip(len)
  }

  subscribe(): Pollable {
    return new Pollable()
  }
}

/** Where an output stream writes: at a moving offset, or always at the end. */
export type WriteMode = { at: number } | 'append'

/** Writes a channel; a missing channel swallows what is written (like /dev/null). */
export class OutputStream {
  private readonly state: ComponentState
  private readonly channel: Channel | undefined
  private readonly mode: WriteMode

  constructor(state: ComponentState, channel: Channel | undefined, mode: WriteMode = 'append') {
    this.state = state
    this.channel = channel
    this.mode = typeof mode === 'string' ? mode : { at: mode.at }
  }

  checkWrite(): bigint {
    this.state.tick()
    return WRITE_PERMIT
  }

  write(contents: Uint8Array): void {
    this.state.tick()
    const c = this.channel
    if (c === undefined || contents.length === 0) return
    if (c.mode !== 'write') failed(new IoError('io', `${c.alias} is read-only`))
    const at = this.mode === 'append' ? c.size : this.mode.at
    if (c.write(contents, at) === QUOTA) quota(c.alias)
    if (this.mode !== 'append') this.mode.at += contents.length
  }

  blockingWriteAndFlush(contents: Uint8Array): void {
    this.write(contents)
  }

  flush(): void {}

  blockingFlush(): void {}

  subscribe(): Pollable {
    return new Pollable()
  }

  writeZeroes(len: bigint): void {
    this.write(new Uint8Array(Math.min(Number(len), Number(WRITE_PERMIT))))
  }

  blockingWriteZeroesAndFlush(len: bigint): void {
    this.writeZeroes(len)
  }

  splice(src: InputStream, len: bigint): bigint {
    const bytes = src.read(len < WRITE_PERMIT ? len : WRITE_PERMIT)
    this.write(bytes)
    return BigInt(bytes.length)
  }

  blockingSplice(src: InputStream, len: bigint): bigint {
    return this.splice(src, len)
  }
}
