/**
 * TypeScript declarations of the js image's guest API, as text: the web app hands it to
 * Monaco (`addExtraLib`) for completions. Keep it in step with prelude.ts and docs/js-api.md.
 */
export const SANDBOX_API_DTS = `/** The ZeroLab sandbox API (js image). Channel names are relative to /dev ('stdin',
 * 'input', 'in/map-1', 'out/reduce') or absolute ('/dev/input'). */
declare const zerolab: {
  /** This instance's name, e.g. 'map-3'. */
  readonly name: string
  /** argv: args[0] is the instance name, then the job's exec args. */
  readonly args: string[]
  /** Environment from the job's exec env (plus LOCAL_PATH_INFO etc. when attached). */
  readonly env: Record<string, string>
  /** The channel's remaining bytes decoded as UTF-8 (one read operation; at most 64 MiB,
   * more throws QuotaError: use lines or readChunk for large inputs). */
  read(channel: string): string
  /** The channel's remaining bytes (one read operation; at most 64 MiB). */
  readBytes(channel: string): Uint8Array
  /** Up to maxBytes (default 65536, at most 16 MiB) of the channel: what is there, waiting for
   * a pipe's writer only until at least one byte comes. Empty at the end. One read operation. */
  readChunk(channel: string, maxBytes?: number): Uint8Array
  /** The channel's lines, decoded as UTF-8, without their '\\n' (a '\\r' stays), read as they
   * come in 256 KiB reads: memory stays flat whatever the input size. */
  lines(channel: string): Generator<string, void, undefined>
  /** Appends to a writable channel. Throws QuotaError when a channel or output limit is broken. */
  write(channel: string, data: string | Uint8Array | ArrayBuffer | ArrayBufferView): void
  /** Names in a channel folder: list('in') and list('out') give peers, list('') lists /dev. */
  list(dir?: string): string[]
  /** Ends the program with this exit code (0 → status ok, anything else → error). */
  exit(code?: number): never
}

/** Thrown by zerolab.write (or console) when a channel or output limit is exceeded; the
 * instance then ends with status 'quota' even if the error is caught. */
declare class QuotaError extends Error {
  name: 'QuotaError'
}

/** console.log / info / debug write to stdout, console.error / warn / trace to stderr. */
declare const console: {
  log(...data: unknown[]): void
  info(...data: unknown[]): void
  debug(...data: unknown[]): void
  error(...data: unknown[]): void
  warn(...data: unknown[]): void
  trace(...data: unknown[]): void
}

/** Timers run on a logical clock after the script, in due-time order (deterministic). */
declare function setTimeout(callback: (...args: unknown[]) => void, ms?: number, ...args: unknown[]): number
declare function setInterval(callback: (...args: unknown[]) => void, ms?: number, ...args: unknown[]): number
declare function clearTimeout(id: number | undefined): void
declare function clearInterval(id: number | undefined): void
declare function queueMicrotask(callback: () => void): void
`
