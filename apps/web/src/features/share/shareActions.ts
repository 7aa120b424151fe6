/** Creating and opening share links (the hash codec plus the server's /api/shares). */
import { ZeroLabError, errorFromResponse, type ShareLink } from '@zerolab/shared'
import { toJobDocument, type JobDocument } from '../../state/jobDocument.ts'
import { encodeJobHash, MAX_HASH_CHARS, readShareRef } from './shareCodec.ts'

export interface CreatedShare {
  url: string
  kind: 'inline' | 'short'
}

async function failure(res: Response, what: string): Promise<ZeroLabError> {
  const e = await errorFromResponse(res)
  return new ZeroLabError(e.code, `${what}: ${e.message}`, e.path, e.limit)
}

/**
 * A link to the job: in the URL hash when it fits, else stored on the server, which needs
 * the signed-in session's token (UNAUTHORIZED without one; shares count against a quota).
 */
export async function createShare(
  job: JobDocument,
  token: string | undefined,
  origin = location.origin,
): Promise<CreatedShare> {
  const hash = encodeJobHash(job)
  if (hash.length <= MAX_HASH_CHARS) return { url: `${origin}/#${hash}`, kind: 'inline' }
  if (!token)
    throw new ZeroLabError('UNAUTHORIZED', 'this job is too large for a link: sign in to store it')
  const res = await fetch('/api/shares', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Auth-Token': token },
    body: JSON.stringify(job),
  })
  if (!res.ok) throw await failure(res, 'could not store the share link')
  const { id } = (await res.json()) as ShareLink
  return { url: `${origin}/s/${id}`, kind: 'short' }
}

/** The job a location points at, or null when it points at none. */
export async function loadSharedJob(pathname: string, hash: string): Promise<JobDocument | null> {
  const ref = readShareRef(pathname, hash)
  if (ref.kind === 'none') return null
  if (ref.kind === 'inline') return toJobDocument(ref.job)
  const res = await fetch(`/api/shares/${encodeURIComponent(ref.id)}`)
  if (!res.ok) throw await failure(res, `share link ${ref.id}`)
  return toJobDocument(await res.json())
}
