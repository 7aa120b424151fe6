import { closeSync, read } from 'node:fs'
import { promisify } from 'node:util'

export type ByteRange = [start: number, end: number]

/**
 * Parses a Range header against an object size. `null`: no usable header (answer 200 with
 * everything, as Swift does for syntax it does not understand); `'unsatisfiable'`: 416;
 * otherwise the satisfiable ranges, ends inclusive.
 */
export function parseRange(
  header: string | undefined,
  size: number,
): ByteRange[] | 'unsatisfiable' | null {
  if (!header) return null
  const m = /^\s*bytes\s*=\s*(.+)$/i.exec(header)
  if (!m) return null
  const specs = m[1]!.split(',').map((s) => s.trim())
  if (specs.length === 0 || specs.length > 100) return null
  const out: ByteRange[] = []
  for (const spec of specs) {
    const r = /^(\d*)-(\d*)$/.exec(spec)
    if (!r || (r[1] === '' && r[2] === '')) return null
    if (r[1] === '') {
      const n = Number(r[2])
      if (n > 0 && size > 0) out.push([Math.max(0, size - n), size - 1])
      continue
    }
    const start = Number(r[1])
    const end = r[2] === '' ? size - 1 : Number(r[2])
    if (r[2] !== '' && end < start) return null
    if (start < size) out.push([start, Math.min(end, size - 1)])
  }
  return out.length ? out : 'unsatisfiable'
}

const readAsync = promisify(read)

async function* ranges(
  fd: number,
  list: ByteRange[],
  parts?: { boundary: string; type: string; size: number },
): AsyncGenerator<Uint8Array> {
  const enc = new TextEncoder()
  try {
    for (const [start, end] of list) {
      if (parts) {
        yield enc.encode(
          `--${parts.boundary}\r\nContent-Type: ${parts.type}\r\nContent-Range: bytes ${start}-${end}/${parts.size}\r\n\r\n`,
        )
      }
      let pos = start
      while (pos <= end) {
        const len = Math.min(256 * 1024, end - pos + 1)
        const buf = Buffer.allocUnsafe(len)
        const { bytesRead } = await readAsync(fd, buf, 0, len, pos)
        if (bytesRead === 0) break
        pos += bytesRead
        yield buf.subarray(0, bytesRead)
      }
      if (parts) yield enc.encode('\r\n')
    }
    if (parts) yield enc.encode(`--${parts.boundary}--\r\n`)
  } finally {
    closeSync(fd)
  }
}

/**
 * A response body reading `list` from `fd` (closed when the stream ends or is cancelled);
 * with `parts`, a multipart/byteranges body.
 */
export function fdBody(
  fd: number,
  list: ByteRange[],
  parts?: { boundary: string; type: string; size: number },
): ReadableStream<Uint8Array> {
  const it = ranges(fd, list, parts)
  return new ReadableStream<Uint8Array>({
    async pull(ctrl) {
      const { value, done } = await it.next()
      if (done) ctrl.close()
      else ctrl.enqueue(value)
    },
    async cancel() {
      await it.return(undefined)
    },
  })
}

/** Byte length of a multipart/byteranges body built by fdBody. */
export function multipartLength(
  list: ByteRange[],
  boundary: string,
  type: string,
  size: number,
): number {
  let n = 0
  for (const [s, e] of list) {
    n += Buffer.byteLength(
      `--${boundary}\r\nContent-Type: ${type}\r\nContent-Range: bytes ${s}-${e}/${size}\r\n\r\n`,
    )
    n += e - s + 1 + 2
  }
  return n + Buffer.byteLength(`--${boundary}--\r\n`)
}

const etagList = (h: string): string[] =>
  h.split(',').map((s) =>
    s
      .trim()
      .replace(/^W\//, '')
      .replace(/^"(.*)"$/, '$1'),
  )

/**
 * RFC 7232 evaluation order (as Swift): If-Match, If-Unmodified-Since, If-None-Match,
 * If-Modified-Since. Returns the status to answer instead of the object, or null.
 */
export function conditional(
  h: Headers,
  etag: string,
  lastModifiedMs: number,
  method: string,
): 304 | 412 | null {
  const lm = Math.ceil(lastModifiedMs / 1000) * 1000
  const safe = method === 'GET' || method === 'HEAD'
  const ifMatch = h.get('if-match')
  if (ifMatch !== null) {
    const l = etagList(ifMatch)
    if (!l.includes('*') && !l.includes(etag)) return 412
  } else {
    const ius = h.get('if-unmodified-since')
    const t = ius === null ? NaN : Date.parse(ius)
    if (!Number.isNaN(t) && lm > t) return 412
  }
  const inm = h.get('if-none-match')
  if (inm !== null) {
    const l = etagList(inm)
    if (l.includes('*') || l.includes(etag)) return safe ? 304 : 412
  } else if (safe) {
    const ims = h.get('if-modified-since')
    const t = ims === null ? NaN : Date.parse(ims)
    if (!Number.isNaN(t) && lm <= t) return 304
  }
  return null
}
