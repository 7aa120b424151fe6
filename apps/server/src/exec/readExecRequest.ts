import { ZeroLabError, isOwnAccount, parseJobPath } from '@zerolab/shared'
import { createHash } from 'node:crypto'
import type { Principal } from '../auth/principal.ts'
import { parseJsonText, readBody } from '../http/readBody.ts'

export interface ExecRequest {
  /** The job document, not yet validated. */
  doc: unknown
  /** Its JSON text. */
  text: string
  /** Path-less stdin: the request body when the job came from X-Zerovm-Source. */
  stdin?: Uint8Array
}

const TAR_TYPES = [
  'application/x-tar',
  'application/x-gtar',
  'application/x-ustar',
  'application/x-gzip',
]

function md5(b: Uint8Array): string {
  return createHash('md5').update(b).digest('hex')
}

export interface SourceRef {
  account: string
  container: string
  name: string
}

/**
 * Reads the X-Zerovm-Source object under the caller's rights: NOT_FOUND when missing,
 * PAYLOAD_TOO_LARGE (sized before reading) when over `max` bytes.
 */
export type ReadSource = (
  ref: SourceRef,
  max: number,
) => Promise<{ bytes: Uint8Array; contentType: string }>

/** `swift://acct/cont/obj` of X-Zerovm-Source, `~` / `.` meaning the caller's account. */
function sourceRef(value: string, who: Principal): SourceRef {
  const p = parseJobPath(value.trim())
  if (typeof p === 'string' || p.scheme !== 'swift' || p.object === undefined)
    throw new ZeroLabError(
      'INVALID_HEADER',
      'X-Zerovm-Source must be swift://account/container/object',
      'X-Zerovm-Source',
    )
  if (p.container.includes('*') || p.object.includes('*'))
    throw new ZeroLabError(
      'INVALID_HEADER',
      'X-Zerovm-Source takes no wildcards',
      'X-Zerovm-Source',
    )
  return {
    account: isOwnAccount(p.account) ? who.account : p.account,
    container: p.container,
    name: p.object,
  }
}

/**
 * The job of a ZeroCloud request (zerocloud.md §2.1): a JSON body of at most
 * `maxJobBytes` (zerovm_maxconfig), checked against an `Etag` header when one is sent; or,
 * with `X-Zerovm-Source`, read from that object (under the caller's read rights) with the
 * body becoming path-less stdin. Zapps (tar) and `#!` scripts are not supported.
 */
export async function readExecRequest(
  req: Request,
  who: Principal,
  o: { read: ReadSource; maxJobBytes: number; maxStdinBytes: number },
): Promise<ExecRequest> {
  const contentType = (req.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase()
  const source = req.headers.get('x-zerovm-source')
  if (source !== null) {
    const ref = sourceRef(source, who)
    const obj = await o.read(ref, o.maxJobBytes).catch((e: unknown) => {
      if (!(e instanceof ZeroLabError) || e.code !== 'PAYLOAD_TOO_LARGE') throw e
      throw new ZeroLabError(
        'PAYLOAD_TOO_LARGE',
        `X-Zerovm-Source: ${e.message}`,
        'X-Zerovm-Source',
        e.limit,
      )
    })
    if (TAR_TYPES.includes(obj.contentType))
      throw new ZeroLabError(
        'UNSUPPORTED',
        'zapp (tar) jobs are not supported; use a JSON job',
        'X-Zerovm-Source',
      )
    const stdin = await readBody(req, o.maxStdinBytes)
    return { ...jsonDoc(obj.bytes), stdin }
  }
  if (TAR_TYPES.includes(contentType))
    throw new ZeroLabError(
      'UNSUPPORTED',
      'zapp (tar) jobs are not supported; POST a JSON job',
      'Content-Type',
    )
  const body = await readBody(req, o.maxJobBytes)
  if (body.length === 0) throw new ZeroLabError('INVALID_JOB', '$: empty job', '$')
  const etag = req.headers.get('etag')
  if (etag !== null && etag.replace(/"/g, '').trim().toLowerCase() !== md5(body))
    throw new ZeroLabError('ETAG_MISMATCH', 'Etag does not match the MD5 of the job', 'Etag')
  if (body[0] === 0x23 && body[1] === 0x21)
    throw new ZeroLabError(
      'UNSUPPORTED',
      '#! scripts are not supported; POST a JSON job',
      'Content-Type',
    )
  return jsonDoc(body)
}

function jsonDoc(bytes: Uint8Array): { doc: unknown; text: string } {
  const text = new TextDecoder().decode(bytes)
  return { doc: parseJsonText(text), text }
}
