import { ZeroLabError } from '@zerolab/shared'
import { parseRange } from './ranges.ts'

/** A segment as a client PUTs it (`?multipart-manifest=put`), after validation. */
export type InputSegment =
  | { kind: 'path'; path: string; etag: string | null; size: number | null; range: string | null }
  | { kind: 'data'; data: string }

const PATH_KEYS = new Set(['path', 'etag', 'size_bytes', 'range'])
const DATA_KEYS = new Set(['data'])

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/

/**
 * Swift's `parse_and_validate_input`: a JSON list of `{path, etag?, size_bytes?, range?}` or
 * `{data}` objects. Every problem is reported at once, one line per index, as a 400 whose body
 * lists them.
 */
export function parseSloInput(body: Buffer, selfPath: string): InputSegment[] {
  let parsed: unknown
  try {
    parsed = JSON.parse(body.toString('utf8'))
  } catch {
    throw new ZeroLabError('INVALID_REQUEST', 'Manifest must be valid JSON.\n')
  }
  if (!Array.isArray(parsed))
    throw new ZeroLabError('INVALID_REQUEST', 'Manifest must be a list.\n')
  const errors: string[] = []
  const out: InputSegment[] = []
  parsed.forEach((seg: unknown, i: number) => {
    if (typeof seg !== 'object' || seg === null || Array.isArray(seg)) {
      errors.push(`Index ${i}: not a JSON object`)
      return
    }
    const d = seg as Record<string, unknown>
    const type = 'path' in d ? 'path' : 'data' in d ? 'data' : null
    if (!type) {
      errors.push(`Index ${i}: expected keys to include one of 'path' or 'data'`)
      return
    }
    const allowed = type === 'path' ? PATH_KEYS : DATA_KEYS
    const extra = Object.keys(d)
      .filter((k) => !allowed.has(k))
      .sort()
    if (extra.length) {
      errors.push(`Index ${i}: extraneous keys ${extra.map((k) => JSON.stringify(k)).join(', ')}`)
      return
    }
    if (type === 'data') {
      const v = d.data
      const s = typeof v === 'string' ? v.replace(/\s/g, '') : ''
      if (typeof v !== 'string' || !BASE64.test(s.padEnd(Math.ceil(s.length / 4) * 4, '='))) {
        errors.push(`Index ${i}: data must be valid base64`)
        return
      }
      const bytes = Buffer.from(s, 'base64')
      if (bytes.length < 1) {
        errors.push(`Index ${i}: too small; each segment must be at least 1 byte.`)
        return
      }
      out.push({ kind: 'data', data: bytes.toString('base64') })
      return
    }
    if (typeof d.path !== 'string') {
      errors.push(`Index ${i}: "path" must be a string`)
      return
    }
    if (!(d.etag === undefined || d.etag === null || typeof d.etag === 'string')) {
      errors.push(`Index ${i}: "etag" must be a string or null (if provided)`)
      return
    }
    if (!d.path.replace(/^\/+|\/+$/g, '').includes('/')) {
      errors.push(
        `Index ${i}: path does not refer to an object. Path must be of the form /container/object.`,
      )
      return
    }
    let size: number | null = null
    if (d.size_bytes !== undefined && d.size_bytes !== null) {
      const n =
        typeof d.size_bytes === 'number' ? d.size_bytes : Number(String(d.size_bytes).trim())
      if (!Number.isInteger(n) || String(d.size_bytes).trim() === '') {
        errors.push(`Index ${i}: invalid size_bytes`)
        return
      }
      if (n < 1 && i !== parsed.length - 1) {
        errors.push(`Index ${i}: too small; each segment must be at least 1 byte.`)
        return
      }
      size = n
    }
    if (`/${d.path.replace(/^\/+/, '')}` === selfPath) {
      errors.push(`Index ${i}: manifest must not include itself as a segment`)
      return
    }
    let range: string | null = null
    if (d.range !== undefined && d.range !== null && d.range !== '') {
      const r = typeof d.range === 'string' ? d.range : ''
      const specs = r.replace(/ /g, '').split(',')
      if (
        !/^(\d*-\d*)(,\d*-\d*)*$/.test(r.replace(/ /g, '')) ||
        parseRange(`bytes=${r}`, Number.MAX_SAFE_INTEGER) === null
      ) {
        errors.push(`Index ${i}: invalid range`)
        return
      }
      if (specs.length > 1) {
        errors.push(`Index ${i}: multiple ranges (only one allowed)`)
        return
      }
      if (size !== null) {
        const ok = parseRange(`bytes=${r}`, size)
        if (ok === 'unsatisfiable' || ok === null || ok.length !== 1) {
          errors.push(`Index ${i}: unsatisfiable range`)
          return
        }
      }
      range = r
    }
    out.push({
      kind: 'path',
      path: d.path,
      etag: typeof d.etag === 'string' ? d.etag : null,
      size,
      range,
    })
  })
  if (out.length && out.every((s) => s.kind === 'data')) {
    errors.push('Inline data segments require at least one object-backed segment.')
  }
  if (errors.length) {
    throw new ZeroLabError('INVALID_REQUEST', errors.map((e) => `${e}\n`).join(''))
  }
  return out
}
