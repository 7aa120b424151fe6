import { readFileSync } from 'node:fs'
import { homedir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { createNodeCompiler } from '@zerolab/cc/node'
import { ZeroLabError, parseJob, type Job } from '@zerolab/shared'
import { runJob } from '@zerolab/runtime'
import { DirStore, FileSpool, createNodePool } from '@zerolab/runtime/node'
import { progressBar } from './progress.ts'
import { resultsTable } from './table.ts'

function usage(msg: string): number {
  process.stderr.write(
    `zerolab run: ${msg}\nusage: zerolab run <job.json> --store <dir> [--json] [--account <name>] [--concurrency <n>] [--stdin <file|->]\n`,
  )
  return 2
}

/** `$ZEROLAB_CACHE_DIR/modules`, else `$XDG_CACHE_HOME/zerolab/modules` (~/.cache by default). */
function moduleCacheDir(): string {
  const base =
    process.env.ZEROLAB_CACHE_DIR ??
    join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'zerolab')
  return join(base, 'modules')
}

function loadJob(file: string): Job {
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch (e) {
    throw new ZeroLabError('INVALID_REQUEST', `cannot read ${file}: ${(e as Error).message}`)
  }
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch (e) {
    throw new ZeroLabError('INVALID_JOB', `$: not JSON: ${(e as Error).message}`, '$')
  }
  return parseJob(json)
}

/** `zerolab run`: exit 0 when every instance ended ok, 1 otherwise, 2 for a bad job, 130 on ^C. */
export async function runCommand(argv: string[]): Promise<number> {
  let parsed
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        store: { type: 'string' },
        json: { type: 'boolean', default: false },
        account: { type: 'string', default: 'demo' },
        concurrency: { type: 'string' },
        stdin: { type: 'string' },
      },
      strict: true,
    })
  } catch (e) {
    return usage((e as Error).message)
  }
  const { values, positionals } = parsed
  if (positionals.length !== 1) return usage('expected one job file')
  if (!values.store) return usage('--store <dir> is required')
  let job: Job
  try {
    job = loadJob(positionals[0]!)
  } catch (e) {
    process.stderr.write(`zerolab run: invalid job: ${(e as Error).message}\n`)
    return 2
  }
  let stdin: Uint8Array | undefined
  if (values.stdin !== undefined) {
    try {
      stdin = new Uint8Array(readFileSync(values.stdin === '-' ? 0 : values.stdin))
    } catch (e) {
      return usage(`cannot read --stdin: ${(e as Error).message}`)
    }
  }
  const executor = createNodePool() // one worker per core
  // C/C++ stages compile as on the server (same clang and flags), modules cached across runs.
  const compiler = createNodeCompiler({ cacheDir: moduleCacheDir() })
  const concurrency = values.concurrency ? Number(values.concurrency) : executor.size
  const bar = process.stderr.isTTY && !values.json ? progressBar(process.stderr) : undefined
  const ac = new AbortController()
  const onSigint = (): void => ac.abort()
  process.once('SIGINT', onSigint)
  try {
    const { report, body } = await runJob(job, {
      store: new DirStore(values.store),
      executor,
      account: values.account,
      concurrency,
      spool: new FileSpool(),
      signal: ac.signal,
      compile: compiler.compile,
      ...(stdin ? { stdin } : {}),
      ...(bar ? { onEvent: bar.onEvent } : {}),
    })
    bar?.done()
    if (values.json) {
      process.stdout.write(
        JSON.stringify({ ...report, body: new TextDecoder().decode(body) }, null, 2) + '\n',
      )
    } else {
      process.stdout.write(body)
      process.stderr.write(resultsTable(report))
    }
    if (report.status === 'cancelled') return 130
    return report.status === 'ok' ? 0 : 1
  } catch (e) {
    bar?.done()
    const err = e instanceof ZeroLabError ? e : undefined
    process.stderr.write(`zerolab run: ${err ? 'invalid job: ' : ''}${(e as Error).message}\n`)
    return err && err.code !== 'INTERNAL' ? 2 : 1
  } finally {
    process.off('SIGINT', onSigint)
    compiler.close()
    await executor.close()
  }
}
