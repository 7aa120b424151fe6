import { ZeroLabError } from '@zerolab/shared'
import { parseJsonInSlices } from './jsonSlices.ts'

/** Bodies up to this size with a Content-Length are read in one call (no stream per request). */
const DIRECT_READ_BYTES = 1024 * 1024

/**
 * Reads a request body, refusing with 413 as soon as it passes `max` bytes (whether or not a
 * Content-Length was sent), so an oversized or endless body never fills memory.
 */
export async function readBody(req: Request, max: number): Promise<Uint8Array> {
  const declared = req.headers.get('content-length')
  if (declared !== null && Number(declared) > max)
    throw new ZeroLabError('PAYLOAD_TOO_LARGE', `body over ${max} bytes`, 'Content-Length')
  // HTTP delivers no more than a declared Content-Length, so a small declared body is bounded:
  // read it whole (@hono/node-server then reads the socket directly, without a web stream).
  if (declared !== null && Number(declared) <= DIRECT_READ_BYTES)
    return new Uint8Array(await req.arrayBuffer())
  if (!req.body) return new Uint8Array(0)
  const chunks: Uint8Array[] = []
  let size = 0
  const reader = req.body.getReader()
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    size += value.byteLength
    if (size > max) {
      await reader.cancel().catch(() => {})
      throw new ZeroLabError('PAYLOAD_TOO_LARGE', `body over ${max} bytes`)
    }
    chunks.push(value)
  }
  if (chunks.length === 1) return chunks[0]!
  const out = new Uint8Array(size)
  let at = 0
  for (const c of chunks) {
    out.set(c, at)
    at += c.byteLength
  }
  return out
}

/**
 * Parses a JSON body, answering 400 INVALID_JOB at `$` (with the parser's reason) when it is
 * not JSON. Parsed in slices that give the event loop back between them: a body of megabytes
 * of small tokens costs JSON.parse hundreds of ms in one piece.
 */
export async function parseJsonBody(bytes: Uint8Array, what = 'job'): Promise<unknown> {
  const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes)
  try {
    return await parseJsonInSlices(text)
  } catch (e) {
    throw invalidJson(e, what)
  }
}

/** JSON.parse of a small text (a ZeroCloud job, at most 64 KiB), errors as parseJsonBody's. */
export function parseJsonText(text: string, what = 'job'): unknown {
  try {
    return JSON.parse(text) as unknown
  } catch (e) {
    throw invalidJson(e, what)
  }
}

function invalidJson(e: unknown, what: string): ZeroLabError {
  return new ZeroLabError(
    'INVALID_JOB',
    `$: the ${what} is not valid JSON (${e instanceof Error ? e.message : String(e)})`,
    '$',
  )
}
