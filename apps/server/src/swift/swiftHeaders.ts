import { ZeroLabError } from '@zerolab/shared'
import type { ServerLimits } from '../config.ts'
import { MAX_META_OVERALL } from '../storage/metaLimits.ts'
import type { Meta } from '../storage/types.ts'
import { fromWire, toWire } from './headerText.ts'

/** HTTP-date of a time, rounded up to the second as Swift does for Last-Modified. */
export const httpDate = (ms: number): string => new Date(Math.ceil(ms / 1000) * 1000).toUTCString()

/** `2014-02-24T16:59:28.612770`, the format of `last_modified` in JSON listings. */
export const isoMicros = (ms: number): string => new Date(ms).toISOString().replace('Z', '') + '000'

/** Swift's max_meta_name_length and MAX_HEADER_SIZE. */
export const MAX_META_NAME = 128
const MAX_HEADER_SIZE = 8192

/** Headers Swift stores with an object and returns on GET/HEAD, beside X-Object-Meta-*. */
const OBJECT_HEADERS = new Set([
  'content-disposition',
  'content-encoding',
  'content-language',
  'cache-control',
  'expires',
])

/**
 * Swift's `check_metadata` over `X-<kind>-Meta-*` (values read as UTF-8) and collection of
 * `X-Remove-<kind>-Meta-*` (which become '' = remove): lower-cased keys, 400 with Swift's
 * messages for an empty name, a name over 128 bytes, a value over 256 bytes, more than 90
 * items or over 4096 bytes in total.
 */
export function metaFromHeaders(
  headers: Headers,
  kind: 'object' | 'container' | 'account',
  limits: ServerLimits,
): Meta {
  const prefix = `x-${kind}-meta-`
  const remove = `x-remove-${kind}-meta-`
  const meta: Meta = {}
  let count = 0
  let size = 0
  headers.forEach((raw, name) => {
    const n = name.toLowerCase()
    if (raw.length > MAX_HEADER_SIZE) {
      throw new ZeroLabError(
        'INVALID_HEADER',
        `Header value too long: ${name.slice(0, MAX_META_NAME)}`,
        name,
      )
    }
    if (n.startsWith(prefix)) {
      const key = n.slice(prefix.length)
      if (!key) throw new ZeroLabError('INVALID_HEADER', 'Metadata name cannot be empty', name)
      const value = fromWire(raw)
      count++
      size += key.length + Buffer.byteLength(value)
      if (key.length > MAX_META_NAME) {
        throw new ZeroLabError('INVALID_HEADER', `Metadata name too long: ${prefix}${key}`, name)
      }
      if (Buffer.byteLength(value) > limits.maxMetaValueBytes) {
        throw new ZeroLabError(
          'INVALID_HEADER',
          `Metadata value longer than ${limits.maxMetaValueBytes}: ${prefix}${key}`,
          name,
        )
      }
      if (count > limits.maxMetaCount) {
        throw new ZeroLabError(
          'INVALID_HEADER',
          `Too many metadata items; max ${limits.maxMetaCount}`,
        )
      }
      if (size > MAX_META_OVERALL) {
        throw new ZeroLabError(
          'INVALID_HEADER',
          `Total metadata too large; max ${MAX_META_OVERALL}`,
        )
      }
      meta[n] = value
    } else if (n.startsWith(remove) && n.length > remove.length) {
      meta[prefix + n.slice(remove.length)] ??= ''
    } else if (kind === 'object' && OBJECT_HEADERS.has(n)) {
      meta[n] = fromWire(raw)
    }
  })
  return meta
}

/** `x-object-meta-color` → `X-Object-Meta-Color` for responses. */
export const titleCase = (name: string): string =>
  name.replace(/(^|-)([a-z])/g, (_m, d: string, ch: string) => d + ch.toUpperCase())

/** Metadata into response headers, UTF-8 on the wire. */
export function setMeta(h: Headers, meta: Meta, skip?: (key: string) => boolean): void {
  for (const [k, v] of Object.entries(meta)) if (!skip?.(k)) h.set(titleCase(k), toWire(v))
}

/** A header that is true in Swift's sense (`config_true_value`). */
export const isTrue = (v: string | null | undefined): boolean =>
  v !== null &&
  v !== undefined &&
  ['true', '1', 'yes', 'on', 't', 'y'].includes(v.trim().toLowerCase())

/** Listing format from `?format=` or Accept, as Swift's listing_formats picks it. */
export function listingFormat(
  format: string | undefined,
  accept: string | null,
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
