/** Where a CLI command writes and what it reads from its surroundings (tests pass their own). */
export interface CliIo {
  out: { write(chunk: string | Uint8Array): unknown }
  err: { write(chunk: string | Uint8Array): unknown }
  env: Record<string, string | undefined>
  /** Draw a progress bar on `err`. */
  tty: boolean
}

export function processIo(): CliIo {
  return {
    out: process.stdout,
    err: process.stderr,
    env: process.env,
    tty: process.stderr.isTTY === true,
  }
}
