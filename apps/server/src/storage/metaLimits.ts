import { ZeroLabError } from '@zerolab/shared'
import type { ServerLimits } from '../config.ts'
import type { Meta } from './types.ts'

/** `update` on top of `old`; a value of '' removes the key. */
export function applyMeta(old: Meta, update: Meta | undefined): Meta {
  const next = { ...old }
  for (const [k, v] of Object.entries(update ?? {})) {
    if (v === '') delete next[k]
    else next[k] = v
  }
  return next
}

/** Swift's max_meta_overall_size. */
export const MAX_META_OVERALL = 4096

/**
 * The account/container broker's `validate_metadata`: the metadata as it will be stored
 * (old merged with new) must stay within the count and total-size limits, so many small POSTs
 * cannot grow it past what one request may set.
 */
export function checkStoredMeta(
  meta: Meta,
  kind: 'account' | 'container',
  limits: ServerLimits,
): void {
  const prefix = `x-${kind}-meta-`
  let count = 0
  let size = 0
  for (const [k, v] of Object.entries(meta)) {
    if (!k.startsWith(prefix)) continue
    count++
    size += Buffer.byteLength(k.slice(prefix.length)) + Buffer.byteLength(v)
  }
  if (count > limits.maxMetaCount) {
    throw new ZeroLabError('INVALID_HEADER', `Too many metadata items; max ${limits.maxMetaCount}`)
  }
  if (size > MAX_META_OVERALL) {
    throw new ZeroLabError('INVALID_HEADER', `Total metadata too large; max ${MAX_META_OVERALL}`)
  }
}
