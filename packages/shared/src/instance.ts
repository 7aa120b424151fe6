/**
 * Contracts of one sandbox run (an *instance*). The engine builds an InstanceSpec, a worker
 * runs it and answers with an InstanceResult. Everything here is structured-clone safe.
 */

export const IMAGES = ['wasm', 'component', 'js', 'python'] as const
export type ImageKind = (typeof IMAGES)[number]

export const STATUSES = [
  'ok',
  'error',
  'timeout',
  'memory',
  'quota',
  'trap',
  'invalid',
  'deadlock',
] as const
export type InstanceStatus = (typeof STATUSES)[number]

/** ZeroCloud's X-Nexe-Validation: 0 valid, 1 failed, 2 not run. */
export type Validation = 0 | 1 | 2

/** Per-channel limits, as ZeroVM's manifest `gets,get_size,puts,put_size`. */
export interface ChannelLimits {
  maxReads: number
  maxReadBytes: number
  maxWrites: number
  maxWriteBytes: number
}

/**
 * A channel as the guest sees it. `alias` is the guest path: `/dev/stdin`, `/dev/stdout`,
 * `/dev/stderr`, `/dev/input`, `/dev/output`, `/dev/in/<peer>`, `/dev/out/<peer>` or any
 * other `/dev/<device>`. Readable channels carry their bytes in `data` or stream (`ring`).
 */
export interface ChannelSpec {
  alias: string
  mode: 'read' | 'write'
  /** `pipe` for /dev/in and /dev/out peers; counts go to the network half of the CDR. */
  kind: 'local' | 'pipe'
  /** Inline bytes of a readable channel (runs without `InstanceSpec.io`: tests, tools). */
  data?: Uint8Array
  limits?: Partial<ChannelLimits>
  /**
   * Streaming: the ring (runtime io/ring.ts) the host fills (readable) or drains (writable).
   * A streaming channel without one is served through the request slot of `InstanceSpec.io`.
   */
  ring?: SharedArrayBuffer
  /** Positional reads and writes allowed (an object); `size` is what stat reports for it. */
  seekable?: boolean
  size?: number
}

export interface InstanceLimits {
  /** Guest linear memory / QuickJS heap, bytes. */
  memoryBytes: number
  /** Wall clock, milliseconds; enforced by killing the worker. */
  timeoutMs: number
  /** Total bytes written over all channels. */
  maxOutputBytes: number
  /** Guest stack for the js image, bytes. */
  stackBytes: number
}

export const DEFAULT_LIMITS: InstanceLimits = {
  memoryBytes: 256 * 1024 * 1024,
  timeoutMs: 10_000,
  maxOutputBytes: 1024 * 1024 * 1024,
  stackBytes: 1024 * 1024,
}

export const DEFAULT_CHANNEL_LIMITS: ChannelLimits = {
  maxReads: 2 ** 32,
  maxReadBytes: 2 ** 32,
  maxWrites: 2 ** 32,
  maxWriteBytes: 2 ** 32,
}

/** Go playground's epoch: 2009-11-10 23:00:00 UTC, in milliseconds. */
export const DEFAULT_EPOCH_MS = 1_257_894_000_000

export interface ProgramRef {
  image: ImageKind
  /** Compiled module (wasm, component) or the source text (js, possibly TypeScript). */
  code: Uint8Array | string
  /** Content hash of `code`; workers cache compiled modules by it. */
  hash: string
  /** `ts` strips types before running (js image only). */
  lang?: 'js' | 'ts'
  /**
   * python image: `exec.path` named the interpreter itself (ZeroCloud's `file://python:python`),
   * so there is no script and `args` are the interpreter's own (`-c …`, a script path).
   */
  interpreter?: boolean
}

export interface InstanceSpec {
  /** Instance name, e.g. `map-3`; also argv[0] unless `argv0` is set. */
  name: string
  program: ProgramRef
  argv0?: string
  args: string[]
  env: Record<string, string>
  channels: ChannelSpec[]
  limits: InstanceLimits
  /** Job seed; the PRNG is seeded from (seed, name). */
  seed: string
  /** Fixed real-time clock value, ms since the Unix epoch. */
  epochMs: number
  /**
   * Streaming channels: the instance's control block (runtime io/layout.ts). With it every
   * channel streams through a ring or the request slot and outputs never come back in the
   * result; without it readable channels carry `data` and outputs come back whole.
   */
  io?: SharedArrayBuffer
}

/** ZeroVM's accounting line: CPU, then local channel counts, then pipe counts. */
export interface Accounting {
  wallMs: number
  /** CPU time of the run as measured by the host where it can (else equals wallMs). */
  cpuMs: number
  /** Peak guest memory, bytes. */
  memoryPeak: number
  reads: number
  readBytes: number
  writes: number
  writeBytes: number
  pipeReads: number
  pipeReadBytes: number
  pipeWrites: number
  pipeWriteBytes: number
}

export interface InstanceResult {
  name: string
  status: InstanceStatus
  exitCode: number
  validation: Validation
  /** Human-readable reason for any status but `ok`. */
  message?: string
  /** Bytes written to each writable channel, by alias. */
  outputs: Record<string, Uint8Array>
  /** MD5 hex of every written channel, by alias. */
  etags: Record<string, string>
  accounting: Accounting
}

export function emptyAccounting(): Accounting {
  return {
    wallMs: 0,
    cpuMs: 0,
    memoryPeak: 0,
    reads: 0,
    readBytes: 0,
    writes: 0,
    writeBytes: 0,
    pipeReads: 0,
    pipeReadBytes: 0,
    pipeWrites: 0,
    pipeWriteBytes: 0,
  }
}

/** ZeroVM accounting text: `sys user reads rbytes writes wbytes nreads nrbytes nwrites nwbytes`. */
export function cdrLine(a: Accounting): string {
  const cpu = (a.cpuMs / 1000).toFixed(2)
  return [
    '0.00',
    cpu,
    a.reads,
    a.readBytes,
    a.writes,
    a.writeBytes,
    a.pipeReads,
    a.pipeReadBytes,
    a.pipeWrites,
    a.pipeWriteBytes,
  ].join(' ')
}
