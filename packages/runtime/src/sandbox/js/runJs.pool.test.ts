import { afterAll, describe, expect, it } from 'vitest'
import type { InstanceLimits, InstanceResult } from '@zerolab/shared'
import { makeSpec, text } from '../../../test/spec.ts'
import { createNodePool } from '../../node/createNodePool.ts'

// The first js instance on a cold worker loads QuickJS, so warm-up runs get a generous limit.
const WARM: Partial<InstanceLimits> = { timeoutMs: 120_000 }

describe('js image on the worker pool (worker_threads), hostile guests', () => {
  const pool = createNodePool({ size: 1 })
  afterAll(() => pool.close())

  const run = (code: string, limits?: Partial<InstanceLimits>): Promise<InstanceResult> =>
    pool.run(makeSpec({ code, name: 'js-1', limits: { ...WARM, ...limits } }))

  const healthy = async (): Promise<void> => {
    const r = await run('console.log("hi from", zerolab.name)')
    expect(r.status).toBe('ok')
    expect(text(r.outputs['/dev/stdout'])).toBe('hi from js-1\n')
  }

  it('runs a program', healthy)

  it('ends an infinite loop with timeout', async () => {
    const r = await run('for (;;) {}', { timeoutMs: 500 })
    expect(r.status).toBe('timeout')
    await healthy()
  })

  it('ends a loop that swallows every error with timeout', async () => {
    const r = await run('for (;;) { try { for (;;) {} } catch {} }', { timeoutMs: 500 })
    expect(r.status).toBe('timeout')
    await healthy()
  })

  it('ends a memory bomb with memory', async () => {
    const bomb = 'const a = []; for (;;) a.push(new Uint8Array(100000))'
    expect((await run(bomb, { memoryBytes: 16 << 20 })).status).toBe('memory')
    await healthy()
  })

  it('ends deep recursion with trap', async () => {
    expect((await run('const f = (n) => f(n + 1) + 1; f(0)')).status).toBe('trap')
    await healthy()
  })

  it('ends an output flood with quota', async () => {
    const flood = 'const s = "x".repeat(65536); for (;;) zerolab.write("stdout", s)'
    expect((await run(flood, { maxOutputBytes: 1 << 20 })).status).toBe('quota')
    await healthy()
  })

  it('keeps the host out of reach', async () => {
    const probe = `
      const seen = [typeof process, typeof require, typeof fetch, typeof Deno]
      const g = (() => {}).constructor('return this')()
      seen.push(typeof g.process)
      console.log(seen.join(','))
      import('node:fs').then(() => console.log('imported'), () => console.log('import failed'))`
    const r = await run(probe)
    expect(r.status).toBe('ok')
    expect(text(r.outputs['/dev/stdout'])).toBe(
      'undefined,undefined,undefined,undefined,undefined\nimport failed\n',
    )
    await healthy()
  })
})
