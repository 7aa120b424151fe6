import { transform } from 'sucrase'
import type { ImageContext } from '../image.ts'

/** TypeScript → JavaScript with types removed; ES syntax and line numbers are kept. */
export function stripTypes(source: string, hash: string, ctx: ImageContext): string {
  const key = `js:ts:${hash}`
  const hit = hash === '' ? undefined : ctx.cache.get(key)
  if (typeof hit === 'string') return hit
  const { code } = transform(source, { transforms: ['typescript'], disableESTransforms: true })
  if (hash !== '') ctx.cache.set(key, code)
  return code
}
