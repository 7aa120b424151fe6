/**
 * Types of the js image's guest API (notes/jsapi contract), used for completions until the
 * runtime's SANDBOX_API_DTS is available.
 */
export const SANDBOX_API_FALLBACK_DTS = `
/** The ZeroLab sandbox API: the only I/O a stage has. */
declare const zerolab: {
  /** Instance name, e.g. "map-3". */
  readonly name: string
  /** argv; argv[0] is the instance name. */
  readonly args: string[]
  readonly env: Record<string, string>
  /** The channel's remaining bytes as UTF-8 ('stdin', 'input', 'in/map-1', '/dev/input'). */
  read(channel: string): string
  /** The channel's remaining bytes. */
  readBytes(channel: string): Uint8Array
  /** Appends to a channel ('stdout', 'output', 'out/reduce'); throws QuotaError past a limit. */
  write(channel: string, data: string | Uint8Array): void
  /** 'in' / 'out' list peers, '' lists /dev. */
  list(dir: string): string[]
  /** Ends the program with this exit code. */
  exit(code: number): never
}
`
