import { createHash } from 'node:crypto'

/** JSON with object keys sorted at every level, so equal documents give equal text. */
export function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map((x) => canonicalJson(x ?? null)).join(',')}]`
  if (v !== null && typeof v === 'object') {
    const entries = Object.entries(v as Record<string, unknown>)
      .filter(([, x]) => x !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    return `{${entries.map(([k, x]) => `${JSON.stringify(k)}:${canonicalJson(x)}`).join(',')}}`
  }
  return JSON.stringify(v)
}

const SHARE_ID_LENGTH = 12
export const SHARE_ID_RE = /^[A-Za-z0-9_-]{12}$/

/** Content-addressed share id: the first 72 bits of SHA-256 over canonical JSON, base64url. */
export function shareId(doc: unknown): string {
  return createHash('sha256')
    .update(canonicalJson(doc))
    .digest('base64url')
    .slice(0, SHARE_ID_LENGTH)
}
