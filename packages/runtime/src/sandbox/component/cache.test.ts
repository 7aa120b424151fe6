import { describe, expect, it } from 'vitest'
import { ZeroLabError } from '@zerolab/shared'
import type { ImageContext } from '../image.ts'
import { MAX_COMPONENTS, cached, remember } from './cache.ts'

describe('component cache', () => {
  it('keeps at most MAX_COMPONENTS programs, dropping the least recently used', () => {
    const ctx: ImageContext = { cache: new Map([['other-image', 1]]) }
    for (let i = 0; i <= MAX_COMPONENTS; i++) {
      if (i === MAX_COMPONENTS) remember(ctx, 'h0') // h0 used again: h1 is now the oldest
      remember(ctx, `h${i}`)
      ctx.cache.set(`component:h${i}`, i)
      ctx.cache.set(`component:h${i}:4096`, i)
    }
    expect(ctx.cache.has('component:h0')).toBe(true)
    expect(ctx.cache.has('component:h1')).toBe(false)
    expect(ctx.cache.has('component:h1:4096')).toBe(false)
    expect(ctx.cache.has(`component:h${MAX_COMPONENTS}:4096`)).toBe(true)
    expect(ctx.cache.get('other-image')).toBe(1)
  })

  it('keeps rejections cached and forgets other failures', async () => {
    const ctx: ImageContext = { cache: new Map() }
    const boom = cached(ctx, 'component:x', () => Promise.reject(new Error('network')))
    await expect(boom).rejects.toThrow('network')
    expect(ctx.cache.has('component:x')).toBe(false)
    const bad = new ZeroLabError('INVALID_MODULE', 'nope')
    await expect(cached(ctx, 'component:y', () => Promise.reject(bad))).rejects.toBe(bad)
    expect(ctx.cache.has('component:y')).toBe(true)
  })
})
