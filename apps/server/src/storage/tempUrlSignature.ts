import { createHmac } from 'node:crypto'

/** Swift's `get_hmac`: `[ip=<range>\n]<method>\n<expires>\n<path>` signed with the key. */
export function tempUrlHmac(o: {
  method: string
  expires: number
  path: string
  key: string
  digest?: string
  ipRange?: string | undefined
}): string {
  const parts = [o.method, String(o.expires), o.path]
  if (o.ipRange) parts.unshift(`ip=${o.ipRange}`)
  return createHmac(o.digest ?? 'sha256', o.key)
    .update(parts.join('\n'))
    .digest('hex')
}
