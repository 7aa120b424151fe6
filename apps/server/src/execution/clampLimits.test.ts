import { describe, expect, it } from 'vitest'
import { parseJob } from '@zerolab/shared'
import { clampLimits } from './clampLimits.ts'

describe('clampLimits', () => {
  it('lowers limits over the server caps and leaves others alone', () => {
    const job = parseJob([
      {
        name: 'a',
        exec: { path: 'swift://~/c/a.wasm' },
        limits: { timeoutMs: 10_000_000, memoryMb: 4000 },
      },
      { name: 'b', exec: { path: 'swift://~/c/b.wasm' }, limits: { timeoutMs: 500 } },
    ])
    const out = clampLimits(job, { maxTimeoutMs: 60_000, maxMemoryMb: 512 })
    expect(out.groups[0]!.limits).toEqual({ timeoutMs: 60_000, memoryMb: 512 })
    expect(out.groups[1]).toBe(job.groups[1])
    expect(clampLimits(job, { maxTimeoutMs: 1e9, maxMemoryMb: 4096 })).toBe(job)
  })
})
