import { parseArgs } from 'node:util'
import { chunks, connect, httpError, send } from './client.ts'
import { EXIT, usageError } from './cliError.ts'
import type { CliIo } from './io.ts'
import { readJobText } from './readJobText.ts'
import { alignedLines } from './table.ts'

export interface NexeRow {
  name: string
  status: string
  retcode: string
  validation: string
  seconds: string
  /** `sys user reads rbytes writes wbytes nreads nrbytes nwrites nwbytes`. */
  accounting: string[]
  error: string
}

/** The per-instance rows of a ZeroCloud answer's X-Nexe-* headers. */
export function nexeRows(h: Headers): { rows: NexeRow[]; totalSeconds: string } {
  const list = (name: string): string[] => (h.get(name) ?? '').split(',')
  const names = list('x-nexe-system')
  const status = list('x-nexe-status')
  const retcode = list('x-nexe-retcode')
  const validation = list('x-nexe-validation')
  const errors = h.has('x-nexe-error') ? list('x-nexe-error') : []
  // `<total>, <t1>, <acc1>, <t2>, <acc2> …`
  const cdr = (h.get('x-nexe-cdr-line') ?? '').split(/,\s*/)
  const rows = names.map((name, i) => ({
    name,
    status: status[i] ?? '',
    retcode: retcode[i] ?? '',
    validation: validation[i] ?? '',
    seconds: cdr[1 + 2 * i] ?? '',
    accounting: (cdr[2 + 2 * i] ?? '').split(' '),
    error: errors[i] ?? '',
  }))
  return { rows, totalSeconds: cdr[0] ?? '' }
}

/** An instance ended ok: ran to its exit with code 0 and no error. */
export const rowOk = (r: NexeRow): boolean => r.status === 'ok' && r.retcode === '0' && !r.error

/** A table like `zpm execute --summary`. */
function nexeSummary(h: Headers): string {
  const { rows, totalSeconds } = nexeRows(h)
  const head = [
    'instance',
    'status',
    'retcode',
    'valid',
    'time s',
    'sys s',
    'user s',
    'reads',
    'rbytes',
    'writes',
    'wbytes',
    'error',
  ]
  const body = rows.map((r) => [
    r.name,
    r.status,
    r.retcode,
    r.validation,
    r.seconds,
    ...[0, 1, 2, 3, 4, 5].map((k) => r.accounting[k] ?? ''),
    r.error,
  ])
  const ok = rows.filter(rowOk).length
  return [
    ...alignedLines(head, body, { rule: true }),
    '',
    `${rows.length} instances, ${ok} ok, ${rows.length - ok} failed; total ${totalSeconds} s; job ${h.get('x-zerolab-job') ?? '?'}`,
    '',
  ].join('\n')
}

/**
 * `zerolab execute <job.json>`: ZeroCloud execution (POST with X-Zerovm-Execute: 1.0). The
 * body goes to stdout, the X-Nexe-* summary to stderr; exit 0 only when every instance is ok.
 */
export async function executeCommand(argv: string[], io: CliIo): Promise<number> {
  const { positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {},
    strict: true,
  })
  if (positionals.length !== 1) throw usageError('usage: zerolab execute <job.json>')
  const file = positionals[0]!
  const text = readJobText(file)
  const r = await connect(io)
  const res = await send(r.storageUrl, {
    method: 'POST',
    headers: {
      'X-Auth-Token': r.token,
      'X-Zerovm-Execute': '1.0',
      'Content-Type': 'application/json',
    },
    body: text,
  })
  if (res.status !== 200) throw await httpError(res, `execute ${file}`)
  if (res.body) for await (const chunk of chunks(res.body)) io.out.write(chunk)
  io.err.write(nexeSummary(res.headers))
  const { rows } = nexeRows(res.headers)
  return rows.length > 0 && rows.every(rowOk) ? EXIT.ok : EXIT.failed
}
