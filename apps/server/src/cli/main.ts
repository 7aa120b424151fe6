/**
 * `zerolab <command>`: run a job locally (run), seed example data (seed), start the server
 * (serve). `pnpm zerolab help` lists them.
 */
import { pathToFileURL } from 'node:url'
import { runCommand } from './run.ts'
import { seedCommand } from './seed.ts'

export const HELP = `zerolab — run ZeroCloud-style jobs in a WebAssembly sandbox

Usage:
  zerolab run <job.json> --store <dir> [--json] [--account <name>] [--concurrency <n>]
              [--stdin <file|->]
      Expand and run a job against a directory-backed object store
      (<dir>/<account>/<container>/<object>). Path-less stdout goes to stdout, the progress
      bar and results table to stderr; --json prints the job report (with the body) on stdout.
      --stdin feeds path-less stdin devices (ZeroCloud's POST body).
      Exit 0 when every instance ended ok, 1 otherwise, 2 for a bad job or bad arguments.
  zerolab seed --store <dir> [--account <name>] [--docs <n>]
      Put the example data (examples/) into a directory store (account "demo" by default).
  zerolab serve [--port 8080] [--host 127.0.0.1] [--data ./.data] [--seed] …
      Start the server (object API, ZeroCloud execution, JSON API, web app).
  zerolab help
      This text.

Example:
  pnpm zerolab seed --store ./store
  pnpm zerolab run examples/wordcount/job.json --store ./store --account demo
`

export async function main(argv: string[]): Promise<number> {
  const [cmd, ...rest] = argv
  switch (cmd) {
    case 'run':
      return runCommand(rest)
    case 'seed':
      return seedCommand(rest)
    case 'serve': {
      const mod = (await import('../serve.ts')) as {
        serveCommand(argv: string[]): Promise<unknown>
      }
      await mod.serveCommand(rest)
      return -1 // keep running
    }
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      process.stdout.write(HELP)
      return 0
    default:
      process.stderr.write(`zerolab: unknown command "${cmd}"\n\n${HELP}`)
      return 2
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.argv.slice(2)).then(
    (code) => {
      if (code >= 0) process.exitCode = code
    },
    (e: unknown) => {
      process.stderr.write(`zerolab: ${e instanceof Error ? e.message : String(e)}\n`)
      process.exitCode = 2
    },
  )
}
