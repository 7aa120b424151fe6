import { ZeroLabError } from '@zerolab/shared'
import type { DeleteItem } from '../storage/largeObjects.ts'
import { xmlEscape } from './swiftHeaders.ts'
import type { SwiftRequest } from './swiftRequest.ts'

/** Swift's bulk limits: max_deletes_per_request, max_failed_deletes and the path length. */
export const BULK_LIMITS = {
  maxDeletes: 10_000,
  maxFailedDeletes: 1000,
  maxPathLength: 1024 + 256 + 2,
}

export const REASONS: Record<number, string> = {
  200: 'OK',
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  406: 'Not Acceptable',
  409: 'Conflict',
  411: 'Length Required',
  412: 'Precondition Failed',
  413: 'Request Entity Too Large',
  500: 'Internal Error',
  502: 'Bad Gateway',
}
export const statusLine = (n: number): string => `${n} ${REASONS[n] ?? 'Error'}`

const quote = (s: string): string =>
  encodeURIComponent(s)
    .replace(/%2F/g, '/')
    .replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)

const FORMATS = ['text/plain', 'application/json', 'application/xml', 'text/xml']

/** `Accept`'s best match among Swift's bulk formats (text/plain when none is given). */
export function bulkFormat(accept: string | null): string | undefined {
  if (!accept) return 'text/plain'
  let best: { type: string; q: number } | undefined
  for (const part of accept.split(',')) {
    const [t = '', ...params] = part.trim().split(';')
    const q = Number(params.map((p) => /^\s*q=([\d.]+)/.exec(p)?.[1]).find(Boolean) ?? 1)
    const type = t.trim().toLowerCase()
    const match =
      type === '*/*'
        ? FORMATS[0]
        : type.endsWith('/*')
          ? FORMATS.find((f) => f.startsWith(type.slice(0, -1)))
          : FORMATS.find((f) => f === type)
    if (match && q > 0 && (!best || q > best.q)) best = { type: match, q }
  }
  return best?.type
}

/** Swift's `get_response_body` for bulk operations. */
export function bulkBody(
  format: string,
  dict: Record<string, string | number>,
  errors: [string, string][],
  root: string,
): string {
  if (format === 'application/json') return JSON.stringify({ ...dict, Errors: errors })
  if (format.endsWith('/xml')) {
    const keys = Object.keys(dict).sort()
    return (
      `<${root}>\n` +
      keys
        .map((k) => {
          const x = k.replace(/ /g, '_').toLowerCase()
          return `<${x}>${xmlEscape(String(dict[k]))}</${x}>\n`
        })
        .join('') +
      '<errors>\n' +
      errors
        .map(
          ([n, s]) =>
            `<object><name>${xmlEscape(n)}</name><status>${xmlEscape(s)}</status></object>\n`,
        )
        .join('') +
      `</errors>\n</${root}>\n`
    )
  }
  const keys = Object.keys(dict).sort()
  return (
    keys.map((k) => `${k}: ${dict[k]}\n`).join('') +
    'Errors:\n' +
    errors.map(([n, s]) => `${n}, ${s}\n`).join('')
  )
}

/** The body of `?bulk-delete`: one URL-encoded `/container[/object]` per line. */
export async function readDeleteList(r: SwiftRequest): Promise<DeleteItem[]> {
  if (
    r.headers.get('content-length') === null &&
    !(r.headers.get('transfer-encoding') ?? '').toLowerCase().includes('chunked')
  )
    throw new ZeroLabError('LENGTH_REQUIRED', 'Length Required')
  const max = BULK_LIMITS.maxDeletes * (BULK_LIMITS.maxPathLength * 3 + 1)
  const reader = r.c.req.raw.body?.getReader()
  let text = ''
  let n = 0
  const dec = new TextDecoder()
  const items: DeleteItem[] = []
  const take = (line: string): void => {
    const t = line.trim()
    if (!t) return
    let name = t
    try {
      name = decodeURIComponent(t)
    } catch {
      // kept as written
    }
    items.push({ name })
    if (items.length > BULK_LIMITS.maxDeletes)
      throw new ZeroLabError(
        'PAYLOAD_TOO_LARGE',
        `Maximum Bulk Deletes: ${BULK_LIMITS.maxDeletes} per request`,
      )
  }
  for (;;) {
    const chunk = reader ? await reader.read() : { done: true as const, value: undefined }
    if (chunk.done) break
    n += chunk.value.byteLength
    if (n > max)
      throw new ZeroLabError(
        'PAYLOAD_TOO_LARGE',
        `Maximum Bulk Deletes: ${BULK_LIMITS.maxDeletes} per request`,
      )
    text += dec.decode(chunk.value, { stream: true })
    let i: number
    while ((i = text.indexOf('\n')) >= 0) {
      take(text.slice(0, i))
      text = text.slice(i + 1)
    }
    if (text.length > BULK_LIMITS.maxPathLength * 2)
      throw new ZeroLabError('INVALID_REQUEST', 'Invalid File Name')
  }
  take(text + dec.decode())
  return items
}

/**
 * Deletes the items (objects first, then containers, as Swift) under the caller's rights and
 * answers in Swift's bulk format: 200 whatever happened, the outcome in the body.
 */
export async function runDeletes(
  r: SwiftRequest,
  items: DeleteItem[],
  format: string,
): Promise<Response> {
  const failed: [string, string][] = []
  const dict: Record<string, string | number> = {
    'Response Status': statusLine(200),
    'Response Body': '',
    'Number Deleted': 0,
    'Number Not Found': 0,
  }
  let worst = 400
  const isObject = (name: string): boolean => name.replace(/^\/+|\/+$/g, '').includes('/')
  try {
    for (const pass of [true, false]) {
      for (const item of items) {
        if (!item.name || isObject(item.name) !== pass) continue
        if (item.error) {
          if (item.error.status === 404)
            dict['Number Not Found'] = Number(dict['Number Not Found']) + 1
          else failed.push([quote(item.name), item.error.message])
          continue
        }
        const status = await deleteOne(r, item.name)
        if (status < 300) dict['Number Deleted'] = Number(dict['Number Deleted']) + 1
        else if (status === 404) dict['Number Not Found'] = Number(dict['Number Not Found']) + 1
        else {
          if (status >= 500) worst = 502
          failed.push([quote(item.name), statusLine(status)])
        }
        if (failed.length >= BULK_LIMITS.maxFailedDeletes)
          throw new ZeroLabError('INVALID_REQUEST', 'Max delete failures exceeded')
      }
    }
    if (failed.length) dict['Response Status'] = statusLine(worst)
    else if (!dict['Number Deleted'] && !dict['Number Not Found']) {
      dict['Response Status'] = statusLine(400)
      dict['Response Body'] = 'Invalid bulk delete.'
    }
  } catch (e) {
    const z = e instanceof ZeroLabError ? e : new ZeroLabError('INTERNAL', 'Internal Error')
    dict['Response Status'] = statusLine(z.status)
    dict['Response Body'] = z.message
  }
  const body = bulkBody(format, dict, failed, 'delete')
  const head = format.endsWith('/xml') ? '<?xml version="1.0" encoding="UTF-8"?>\n' : ''
  return new Response(head + body, {
    status: 200,
    headers: { 'Content-Type': `${format}; charset=utf-8` },
  })
}

async function deleteOne(r: SwiftRequest, name: string): Promise<number> {
  const p = name.replace(/^\/+/, '')
  const i = p.indexOf('/')
  const store = r.deps.store
  try {
    if (i < 0) store.deleteContainer(r.who, r.account, p.replace(/\/+$/, ''))
    else
      await store.deleteObject(r.who, {
        account: r.account,
        container: p.slice(0, i),
        name: p.slice(i + 1),
      })
    return 204
  } catch (e) {
    return e instanceof ZeroLabError ? e.status : 500
  }
}
