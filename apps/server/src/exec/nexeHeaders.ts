import { createHash, createHmac, randomBytes } from 'node:crypto'
import { cdrLine, type Accounting, type Validation } from '@zerolab/shared'

/** What the X-Nexe-* headers need to know about one instance, in execution order. */
export interface NexeInstance {
  name: string
  /** Our status (`ok`, `error`, `timeout` …) or `skipped` / `cancelled` for never-run ones. */
  status: string
  exitCode: number
  validation: Validation
  message?: string
  accounting: Accounting
  /** MD5 of each path-less (immediate) writable channel, in device order. */
  immediateEtags: { alias: string; etag: string }[]
  /** Cluster mode: the node that ran it. */
  node?: string
}

/** ZeroCloud's salt for X-Nexe-Colocated: hashes compare within this process's answers only. */
const COLOCATION_SALT = randomBytes(16)

/** `0` for an instance that ran nowhere, else HMAC-SHA1(salt, node): equal values, same host. */
function colocated(i: NexeInstance): string {
  return i.node === undefined || i.validation === 2
    ? '0'
    : createHmac('sha1', COLOCATION_SALT).update(i.node).digest('hex')
}

/** ZeroVM's status text: a program that ran to its exit is `ok` whatever its return code. */
function nexeStatus(status: string): string {
  switch (status) {
    case 'ok':
    case 'error':
      return 'ok'
    case 'invalid':
    case 'skipped':
    case 'cancelled':
      return 'ZeroVM did not run'
    default:
      return `ZeroVM runtime error: ${status}`
  }
}

/** Makes free text safe inside one entry of a comma-joined header list. */
export function headerEntry(s: string, max = 200): string {
  const clean = s
    .replace(/[\r\n\t]+/g, ' ')
    .replace(/,/g, ';')
    .replace(/[^\x20-\x7e]/g, '?')
    .trim()
  return clean.length > max ? `${clean.slice(0, max - 3)}...` : clean
}

function nexeError(i: NexeInstance): string {
  if (i.status === 'ok') return ''
  if (i.status === 'error' && (!i.message || /^exit code -?\d+$/.test(i.message)))
    return 'bad return code'
  return headerEntry(i.message ?? i.status)
}

const secs = (ms: number): string => (ms / 1000).toFixed(3)

/**
 * The ZeroCloud response headers (zerocloud.md §2.3): one comma-joined entry per instance.
 * `totalMs` is the whole request's wall time, the first field of the CDR line.
 */
export function nexeHeaders(instances: NexeInstance[], totalMs: number): Record<string, string> {
  const h: Record<string, string> = {
    'X-Nexe-System': instances.map((i) => headerEntry(i.name)).join(','),
    'X-Nexe-Status': instances.map((i) => nexeStatus(i.status)).join(','),
    'X-Nexe-Retcode': instances.map((i) => String(i.exitCode)).join(','),
    'X-Nexe-Validation': instances.map((i) => String(i.validation)).join(','),
    'X-Nexe-Etag': instances
      .map((i) =>
        i.immediateEtags.length
          ? i.immediateEtags.map((e) => `${e.alias} ${e.etag}`).join(' ')
          : 'disabled',
      )
      .join(','),
    'X-Nexe-Cdr-Line': [
      secs(totalMs),
      ...instances.map((i) => `${secs(i.accounting.wallMs)}, ${cdrLine(i.accounting)}`),
    ].join(', '),
    Etag: createHash('md5')
      .update(String(Date.now()))
      .update(String(process.hrtime.bigint()))
      .digest('hex'),
  }
  if (instances.some((i) => i.node !== undefined))
    h['X-Nexe-Colocated'] = instances.map(colocated).join(',')
  const errors = instances.map(nexeError)
  if (errors.some((e) => e !== '')) h['X-Nexe-Error'] = errors.join(',')
  return h
}
