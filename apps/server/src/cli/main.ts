/**
 * `zerolab <command>`: run a job locally (run), seed example data (seed), start the server
 * (serve), talk to a server (login, upload, list, download, execute, submit, jobs).
 * `pnpm zerolab help` lists them.
 */
import { pathToFileURL } from 'node:url'
import { reportError } from './cliError.ts'
import { executeCommand } from './execute.ts'
import { processIo, type CliIo } from './io.ts'
import { loginCommand } from './login.ts'
import { downloadCommand, listCommand, uploadCommand } from './objects.ts'
import { runCommand } from './run.ts'
import { seedCommand } from './seed.ts'
import { jobsCommand, submitCommand } from './submit.ts'

const REMOTE: Record<string, (argv: string[], io: CliIo) => Promise<number>> = {
  login: loginCommand,
  upload: uploadCommand,
  list: listCommand,
  download: downloadCommand,
  execute: executeCommand,
  submit: submitCommand,
  jobs: jobsCommand,
}

export const HELP = `zerolab — run ZeroCloud-style jobs in a WebAssembly sandbox

Usage:
  zerolab run <job.json> --store <dir> [--json] [--account <name>] [--concurrency <n>]
              [--stdin <file|->]
      Expand and run a job against a directory-backed object store
      (<dir>/<account>/<container>/<object>). The response body (each instance's first
      path-less device, failed instances too) goes to stdout, the progress bar and results
      table to stderr; --json prints the job report (with the body) on stdout.
      --stdin feeds path-less stdin devices (ZeroCloud's POST body).
      Exit 0 when every instance ended ok, 1 otherwise, 2 for a bad job or bad arguments.
  zerolab seed --store <dir> [--account <name>] [--docs <n>]
      Put the example data (examples/) into a directory store (account "demo" by default).
  zerolab serve [--port 8080] [--host 127.0.0.1] [--data ./.data] [--seed] …
      Start the server (object API, ZeroCloud execution, JSON API, web app).
  zerolab serve --swift <proxy url> --node <node url> [--node …] [--port …] [--data …]
      Cluster mode: the gateway in front of an OpenStack Swift cluster. The object API passes
      through to the proxy (Swift's tempauth and ACLs), jobs run on the ZeroLab nodes, each
      instance on a node holding a replica of its object. ZEROLAB_CLUSTER_KEY is the secret
      shared with the nodes. See README, "Cluster mode".
  zerolab node --swift <proxy url> [--host <storage ip>] [--port <n>] [--workers <n>] …
      A ZeroLab node beside a Swift storage host: runs the gateway's instances, reading
      objects from the local object server. \`zerolab node --help\` for every flag.

Talking to a server (like zvsh + zpm):
  zerolab login --url <http://host:port> --user <account:user> --key <key>
      Log in (Swift tempauth) and keep the URL and token in ~/.config/zerolab/config.json
      (mode 0600; $XDG_CONFIG_HOME or $ZEROLAB_CONFIG move it). Or set ZEROLAB_URL,
      ZEROLAB_USER and ZEROLAB_KEY to log in afresh on every command.
  zerolab upload <container> <file…> [--name <object>]
      Create the container if needed and PUT each file (object = file name, or --name).
  zerolab list [container] [--prefix <p>] [--long]
      List containers, or a container's objects.
  zerolab download <container>/<object> [-o <file>|-]
      GET an object (ETag checked) into <file>, the object's base name by default, - = stdout.
  zerolab execute <job.json>
      ZeroCloud execution (POST with X-Zerovm-Execute: 1.0): the body on stdout, a table of
      the X-Nexe-* headers on stderr. Exit 0 only when every instance ended ok (retcode 0).
  zerolab submit <job.json> [--watch]
      Queue the job (POST /api/jobs) and print its id; --watch follows its progress and
      prints the results table (exit 0 only when the job ended ok).
  zerolab jobs [--limit <n>] [--status <status>]
      This account's jobs, newest first.
  Exit codes: 0 ok, 1 an instance or the request failed, 2 bad arguments or input
  (missing file, bad URL, malformed job), 3 not logged in / refused (401, 403),
  4 server unreachable. Errors print as "zerolab <command>: <CODE>: <message>".

  zerolab help
      This text.

Example:
  pnpm zerolab seed --store ./store
  pnpm zerolab run examples/wordcount/job.json --store ./store --account demo
  pnpm zerolab login --url http://127.0.0.1:8080 --user admin:admin --key admin
  pnpm zerolab upload wordcount-data examples/README.md
  pnpm zerolab execute examples/wordcount/job.json
`

export async function main(argv: string[], io: CliIo = processIo()): Promise<number> {
  const [cmd, ...rest] = argv
  const remote = cmd !== undefined && Object.hasOwn(REMOTE, cmd) ? REMOTE[cmd] : undefined
  if (remote) {
    try {
      return await remote(rest, io)
    } catch (e) {
      return reportError(cmd!, io, e)
    }
  }
  switch (cmd) {
    case 'run':
      return runCommand(rest)
    case 'seed':
      return seedCommand(rest)
    case 'node': {
      const mod = await import('../cluster/node/nodeCommand.ts')
      if (rest.includes('--help')) {
        io.out.write(mod.NODE_HELP)
        return 0
      }
      await mod.nodeCommand(rest)
      return -1 // keep running
    }
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
      io.out.write(HELP)
      return 0
    default:
      io.err.write(`zerolab: unknown command "${cmd}"\n\n${HELP}`)
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
