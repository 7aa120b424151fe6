import { parseArgs } from 'node:util'
import {
  ENGINE_EVENT_TYPES,
  createSseParser,
  type JobEvent,
  type JobPage,
  type JobView,
  type SseMessage,
  type SubmittedJobView,
} from '@zerolab/shared'
import { chunks, connect, httpError, send, type Remote } from './client.ts'
import { CliError, EXIT, usageError } from './cliError.ts'
import type { CliIo } from './io.ts'
import { readJobText } from './readJobText.ts'
import { progressBar } from './progress.ts'
import { alignedLines, resultsTable } from './table.ts'

/** Splits a `text/event-stream` body into messages as they arrive (the shared SSE parser). */
export async function* sseMessages(body: ReadableStream<Uint8Array>): AsyncGenerator<SseMessage> {
  const dec = new TextDecoder()
  const ready: SseMessage[] = []
  const parser = createSseParser((m) => ready.push(m))
  for await (const chunk of chunks(body)) {
    parser.push(dec.decode(chunk, { stream: true }))
    yield* ready.splice(0)
  }
  parser.end()
  yield* ready.splice(0)
}

/** Follows a job's SSE stream until `done` (resuming with Last-Event-ID if it drops). */
async function watch(r: Remote, id: string, onEvent: (e: JobEvent) => void): Promise<void> {
  let last = ''
  for (let attempt = 0; attempt < 5; attempt++) {
    const headers: Record<string, string> = { 'X-Auth-Token': r.token, Accept: 'text/event-stream' }
    if (last) headers['Last-Event-ID'] = last
    const res = await send(`${r.url}/api/jobs/${encodeURIComponent(id)}/events`, { headers })
    if (!res.ok || !res.body) throw await httpError(res, `watch job ${id}`)
    for await (const m of sseMessages(res.body)) {
      if (m.id) last = m.id
      if (m.event === 'done') {
        await res.body.cancel().catch(() => {})
        return
      }
      if (ENGINE_EVENT_TYPES.includes(m.event)) {
        onEvent({ type: m.event, ...(JSON.parse(m.data) as object) } as JobEvent)
      }
    }
  }
  throw new CliError('UNAVAILABLE', `the event stream of job ${id} kept dropping`, EXIT.unreachable)
}

async function getJob(r: Remote, id: string): Promise<JobView> {
  const res = await send(`${r.url}/api/jobs/${encodeURIComponent(id)}`, {
    headers: { 'X-Auth-Token': r.token },
  })
  if (!res.ok) throw await httpError(res, `job ${id}`)
  return (await res.json()) as JobView
}

/**
 * `zerolab submit <job.json> [--watch]`: POST /api/jobs and print the id; with --watch,
 * follow the progress and print the results table (exit 0 only when the job ended ok).
 */
export async function submitCommand(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { watch: { type: 'boolean', short: 'w', default: false } },
    strict: true,
  })
  if (positionals.length !== 1) throw usageError('usage: zerolab submit <job.json> [--watch]')
  const file = positionals[0]!
  const text = readJobText(file)
  const r = await connect(io)
  const res = await send(`${r.url}/api/jobs`, {
    method: 'POST',
    headers: { 'X-Auth-Token': r.token, 'Content-Type': 'application/json' },
    body: text,
  })
  if (res.status !== 202) throw await httpError(res, `submit ${file}`)
  const { id } = (await res.json()) as SubmittedJobView
  io.out.write(`${id}\n`)
  if (!values.watch) {
    io.err.write(`submitted job ${id}; follow it with: zerolab submit … --watch, or zerolab jobs\n`)
    return EXIT.ok
  }
  const bar = io.tty ? progressBar(io.err) : undefined
  try {
    await watch(r, id, (e) => bar?.onEvent(e))
  } finally {
    bar?.done()
  }
  const job = await getJob(r, id)
  if (job.report) io.err.write(resultsTable(job.report))
  if (job.error) io.err.write(`job ${job.status}: ${job.error.code}: ${job.error.message}\n`)
  else if (!job.report) io.err.write(`job ${job.status}\n`)
  return job.status === 'ok' ? EXIT.ok : EXIT.failed
}

/** `zerolab jobs [--limit n] [--status s]`: this account's jobs, newest first. */
export async function jobsCommand(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { limit: { type: 'string', default: '20' }, status: { type: 'string' } },
    strict: true,
  })
  if (positionals.length) throw usageError('usage: zerolab jobs [--limit <n>] [--status <status>]')
  const q = new URLSearchParams({ limit: values.limit })
  if (values.status) q.set('status', values.status)
  const r = await connect(io)
  const res = await send(`${r.url}/api/jobs?${q}`, { headers: { 'X-Auth-Token': r.token } })
  if (!res.ok) throw await httpError(res, 'list jobs')
  const { jobs } = (await res.json()) as JobPage
  const secs = (j: JobView): string =>
    j.startedAt && j.finishedAt
      ? ((Date.parse(j.finishedAt) - Date.parse(j.startedAt)) / 1000).toFixed(2)
      : ''
  const rows = jobs.map((j) => [
    j.id,
    j.status,
    String(j.instances),
    j.origin,
    j.createdAt,
    secs(j),
  ])
  const head = ['id', 'status', 'instances', 'origin', 'created', 'took s']
  for (const line of alignedLines(head, rows)) io.out.write(`${line}\n`)
  return EXIT.ok
}
