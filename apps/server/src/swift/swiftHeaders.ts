import { ZeroLabError } from '@zerolab/shared'
import type { ServerLimits } from '../config.ts'
import type { Meta } from '../storage/types.ts'

/** HTTP-date of a time, rounded up to the second as Swift does for Last-Modified. */
export const httpDate = (ms: number): string => new Date(Math.ceil(ms / 1000) * 1000).toUTCString()

/** `2014-02-24T16:59:28.612770`, the format of `last_modified` in JSON listings. */
export const isoMicros = (ms: number): string => new Date(ms).toISOString().replace('Z', '') + '000'

/** Swift's max_meta_name_length and max_meta_overall_size. */
const MAX_META_NAME = 128
const MAX_META_OVERALL = 4096

/** Headers Swift stores with an object and returns on GET/HEAD, beside X-Object-Meta-*. */
const OBJECT_HEADERS = new Set(['content-disposition', 'content-encoding'])

/**
 * Collects `X-<kind>-Meta-*` headers (and `X-Remove-<kind>-Meta-*`, which become '' =
 * remove) into lower-cased keys, checking Swift's metadata limits.
 */
export function metaFromHeaders(
  headers: Headers,
  kind: 'object' | 'container' | 'account',
  limits: ServerLimits,
): Meta {
  const prefix = `x-${kind}-meta-`
  const remove = `x-remove-${kind}-meta-`
  const meta: Meta = {}
  headers.forEach((value, name) => {
    const n = name.toLowerCase()
    if (n.startsWith(prefix) && n.length > prefix.length) {
      if (Buffer.byteLength(value) > limits.maxMetaValueBytes) {
        throw new ZeroLabError(
          'INVALID_HEADER',
          `Metadata value longer than ${limits.maxMetaValueBytes}`,
          name,
        )
      }
      meta[n] = value
    } else if (n.startsWith(remove) && n.length > remove.length) {
      meta[prefix + n.slice(remove.length)] = ''
    } else if (kind === 'object' && OBJECT_HEADERS.has(n)) {
      meta[n] = value
    }
  })
  let total = 0
  for (const [k, v] of Object.entries(meta)) {
    const name = k.startsWith(prefix) ? k.slice(prefix.length) : k
    if (Buffer.byteLength(name) > MAX_META_NAME) {
      throw new ZeroLabError('INVALID_HEADER', `Metadata name longer than ${MAX_META_NAME}`, k)
    }
    total += Buffer.byteLength(name) + Buffer.byteLength(v)
  }
  if (total > MAX_META_OVERALL) {
    throw new ZeroLabError('INVALID_HEADER', `Total metadata larger than ${MAX_META_OVERALL} bytes`)
  }
  if (Object.keys(meta).length > limits.maxMetaCount) {
    throw new ZeroLabError('INVALID_HEADER', `Too many metadata items; max ${limits.maxMetaCount}`)
  }
  return meta
}

/** `x-object-meta-color` → `X-Object-Meta-Color` for responses. */
export const titleCase = (name: string): string =>
  name.replace(/(^|-)([a-z])/g, (_m, d: string, ch: string) => d + ch.toUpperCase())

export function setMeta(h: Headers, meta: Meta): void {
  for (const [k, v] of Object.entries(meta)) h.set(titleCase(k), v)
}

/** The integer query parameter `name`, or undefined; junk → 400. */
export function intParam(v: string | undefined, name: string): number | undefined {
  if (v === undefined || v === '') return undefined
  if (!/^-?\d+$/.test(v))
    throw new ZeroLabError('INVALID_REQUEST', `${name} must be an integer`, name)
  return Number(v)
}

/** Listing format from `?format=` or Accept, as Swift picks it. */
export function listingFormat(
  format: string | undefined,
  accept: string | undefined,
): 'json' | 'xml' | 'plain' {
  const f = (format ?? '').toLowerCase()
  if (f === 'json') return 'json'
  if (f === 'xml') return 'xml'
  if (f === 'plain' || f === 'text') return 'plain'
  const a = (accept ?? '').toLowerCase()
  if (a.includes('application/json')) return 'json'
  if (a.includes('application/xml') || a.includes('text/xml')) return 'xml'
  return 'plain'
}

export const xmlEscape = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')
