export type ByteRange = [start: number, end: number]

type Spec = [start: number | null, end: number | null]

/** swob's `Range.__init__`: spaces ignored; any syntax error → the header is ignored (null). */
function parseSpecs(header: string): Spec[] | null {
  const v = header.replace(/ /g, '')
  if (!/^bytes=/i.test(v)) return null
  const specs: Spec[] = []
  for (const rng of v.slice(6).split(',')) {
    const dash = rng.indexOf('-')
    if (dash < 0) return null
    const a = rng.slice(0, dash)
    const b = rng.slice(dash + 1)
    if (a !== '' && !/^\d+$/.test(a)) return null
    if (b !== '' && !/^\d+$/.test(b)) return null
    const start = a === '' ? null : Number(a)
    const end = b === '' ? null : Number(b)
    if (start === null && end === null) return null
    if (start !== null && end !== null && end < start) return null
    specs.push([start, end])
  }
  return specs
}

/** More than this many ranges, overlaps or out-of-order ranges is "egregious" (RFC 7233 §6.1). */
const MAX_RANGES = 50
const MAX_RANGE_OVERLAPS = 2
const MAX_NONASCENDING_RANGES = 8

/**
 * A Range header against an object size, as swob's `ranges_for_length`. `null`: no usable
 * header (200 with everything); `'unsatisfiable'`: 416; otherwise the ranges, ends inclusive.
 * A suffix range of an empty object is null (200 with the zero bytes, as Swift, Apache, Nginx).
 */
export function parseRange(
  header: string | null | undefined,
  size: number,
): ByteRange[] | 'unsatisfiable' | null {
  if (!header) return null
  const specs = parseSpecs(header)
  if (!specs || specs.length === 0) return null
  const all: [number, number][] = [] // [start, end exclusive)
  for (const [begin, end] of specs) {
    if (begin === null) {
      if (end === 0) continue
      all.push(end! > size ? [0, size] : [size - end!, size])
    } else if (end === null) {
      if (begin < size) all.push([begin, size])
    } else if (begin < size) all.push([begin, Math.min(end + 1, size)])
  }
  if (all.length > MAX_RANGES) return 'unsatisfiable'
  let overlaps = 0
  for (let i = 0; i < all.length; i++) {
    for (let j = i + 1; j < all.length; j++) {
      const [s1, e1] = all[i]!
      const [s2, e2] = all[j]!
      if (
        (s1 < s2 && s2 < e1) ||
        (s1 < e2 && e2 < e1) ||
        (s2 < s1 && s1 < e2) ||
        (s2 < e1 && e1 < e2)
      )
        if (++overlaps > MAX_RANGE_OVERLAPS) return 'unsatisfiable'
    }
  }
  const ascending = all.every((r, i) => i === 0 || all[i - 1]![0] <= r[0])
  if (!ascending && all.length >= MAX_NONASCENDING_RANGES) return 'unsatisfiable'
  if (all.length === 0) return 'unsatisfiable'
  if (size === 0) return null
  return all.map(([s, e]) => [s, e - 1])
}

/** Entity tags of an If-Match / If-None-Match list, unquoted (`*` kept). */
const etagList = (h: string): string[] =>
  h.split(',').map((s) => {
    const t = s.trim().replace(/^W\//, '')
    return t.length > 1 && t.startsWith('"') && t.endsWith('"') ? t.slice(1, -1) : t
  })

const matches = (list: string, etag: string): boolean => {
  const l = etagList(list)
  return l.includes('*') || l.includes(etag)
}

/**
 * swob's `_get_conditional_response_status`, in its order: If-None-Match (304; 412 when the
 * method is not GET/HEAD), If-Match (412), If-Modified-Since (304), If-Unmodified-Since (412).
 * Last-Modified is compared at whole seconds, rounded up as Swift sends it.
 */
export function conditional(
  h: Headers,
  etag: string,
  lastModifiedMs: number,
  method: string,
): 304 | 412 | null {
  const lm = Math.ceil(lastModifiedMs / 1000) * 1000
  const safe = method === 'GET' || method === 'HEAD'
  const inm = h.get('if-none-match')
  if (inm !== null && matches(inm, etag)) return safe ? 304 : 412
  const im = h.get('if-match')
  if (im !== null && !matches(im, etag)) return 412
  if (safe) {
    const ims = Date.parse(h.get('if-modified-since') ?? '')
    if (!Number.isNaN(ims) && lm <= ims) return 304
  }
  const ius = Date.parse(h.get('if-unmodified-since') ?? '')
  if (!Number.isNaN(ius) && lm > ius) return 412
  return null
}
