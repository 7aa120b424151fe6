import { afterAll, describe, expect, it } from 'vitest'
import type { InstanceResult } from '@zerolab/shared'
import {
  buildComponent,
  buildComponentWat,
  componentSpec,
  type SpecOptions,
} from '../../../test/componentBuild.ts'
import { createNodePool } from '../../node/createNodePool.ts'

const dec = new TextDecoder()
const hello = buildComponent('component/hello.c')
const hostile = buildComponent('component/hostile.c')
// The first instance of a component on a cold worker includes transpiling it (seconds on a
// busy machine), so warm-up runs get a generous limit and the hostile runs a short one.
const WARM = { timeoutMs: 120_000 }

describe('component image on the worker pool (worker_threads), hostile guests', () => {
  const pool = createNodePool({ size: 1 })
  afterAll(() => pool.close())

  const run = (code: Uint8Array, o?: SpecOptions): Promise<InstanceResult> =>
    pool.run(componentSpec(code, o))

  const healthy = async (): Promise<void> => {
    const r = await run(hello, { limits: WARM })
    expect(r.status).toBe('ok')
    expect(dec.decode(r.outputs['/dev/stdout'])).toBe('hello from comp-1\n')
  }

  it('runs a component, and warms the hostile one', async () => {
    await healthy()
    expect((await run(hostile, { limits: WARM })).status).toBe('ok')
  })

  it('kills a pure infinite loop at the wall-clock limit', async () => {
    const r = await run(hostile, { args: ['loop'], limits: { timeoutMs: 500 } })
    expect(r.status).toBe('timeout')
    expect(r.accounting.wallMs).toBeGreaterThanOrEqual(500)
    await healthy()
    expect((await run(hostile, { limits: WARM })).status).toBe('ok')
  })

  it('stops a loop that keeps calling the host from inside the worker', async () => {
    const r = await run(hostile, { args: ['spin'], limits: { timeoutMs: 1_000 } })
    expect(r.status).toBe('timeout')
    await healthy()
  })

  it('ends memory growth with memory, a trap with trap, a flood with quota', async () => {
    const grow = await run(hostile, { args: ['grow'], limits: { memoryBytes: 16 << 20 } })
    expect(grow.status).toBe('memory')
    expect((await run(hostile, { args: ['recurse'] })).status).toBe('trap')
    const flood = await run(hostile, { args: ['flood'], limits: { maxOutputBytes: 1 << 20 } })
    expect(flood.status).toBe('quota')
    await healthy()
  })

  it('rejects a component importing wasi:sockets, naming the import', async () => {
    const r = await run(buildComponentWat('component/sockets.wat'), { limits: WARM })
    expect(r).toMatchObject({ status: 'invalid', validation: 1 })
    expect(r.message).toBe('forbidden import wasi:sockets/instance-network@0.2.0')
    await healthy()
  })
})
