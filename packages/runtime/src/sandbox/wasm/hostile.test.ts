import { RUNTIME_CAPS, type InstanceResult } from '@zerolab/shared'
import { describe, expect, it } from 'vitest'
import {
  HELLO_WAT,
  PATH_FLOOD_WAT,
  TABLES_WAT,
  TABLE_GROW_WAT,
  pollWat,
  writevWat,
} from '../../../test/hostile.ts'
import { makeSpec, text, type SpecInput } from '../../../test/spec.ts'
import { wat } from '../../../test/wat.ts'
import type { ImageContext } from '../image.ts'
import { runInstance } from '../runInstance.ts'
import { runWasm } from './runWasm.ts'
import { E } from './errno.ts'

// One context for the whole file: every hostile run must leave it fit for the next one.
const ctx: ImageContext = { cache: new Map() }
const MB = 1024 * 1024

async function run(source: string, input: Partial<SpecInput> = {}): Promise<InstanceResult> {
  return runWasm(makeSpec({ code: await wat(source), ...input }), ctx)
}

async function expectHealthy(): Promise<void> {
  const r = await run(HELLO_WAT)
  expect(r.status).toBe('ok')
  expect(text(r.outputs['/dev/stdout'])).toBe('hello\n')
}

describe('wasm image: host memory a guest causes is counted', () => {
  it('huge tables count against the memory limit and never instantiate', async () => {
    const r = await run(TABLES_WAT, { limits: { memoryBytes: 64 * MB } })
    expect(r.status).toBe('memory')
    expect(r.message).toMatch(/needs \d+ bytes of memory \(100000000 table entries included\)/)
    await expectHealthy()
  })

  it('table growth stops at what the limit leaves', async () => {
    const r = await run(TABLE_GROW_WAT, { limits: { memoryBytes: 16 * MB } })
    expect(r.status).toBe('error')
    expect(r.exitCode).toBe(7)
  })

  it('poll_oneoff keeps no host array per subscription; too many is EINVAL', async () => {
    const flood = await run(pollWat(1_000_000), { limits: { memoryBytes: 256 * MB } })
    expect(flood.exitCode).toBe(E.INVAL)
    const most = await run(pollWat(RUNTIME_CAPS.maxPollSubscriptions))
    expect(most.exitCode).toBe(0)
    await expectHealthy()
  })

  it('a writev naming its memory 70 times is refused before the host gathers a byte', async () => {
    const limits = { memoryBytes: 128 * MB, maxOutputBytes: 256 * MB }
    // 70 × 64 MiB gathered would be 4.4 GB of host memory; the quota refuses it unread.
    const r = await run(writevWat(70), { limits })
    expect(r.exitCode).toBe(E.DQUOT)
    expect(r.status).toBe('quota')
    // More iovecs than IOV_MAX is EINVAL, before any is looked at.
    expect((await run(writevWat(RUNTIME_CAPS.maxIovecs + 1), { limits })).exitCode).toBe(E.INVAL)
    await expectHealthy()
  })

  it('a path as long as the memory is ENAMETOOLONG, not a 60 MB host string', async () => {
    const r = await run(PATH_FLOOD_WAT, { limits: { memoryBytes: 128 * MB } })
    expect(r.exitCode).toBe(E.NAMETOOLONG)
  })

  it('a module over the size cap is refused before compiling', async () => {
    const big = new Uint8Array(RUNTIME_CAPS.maxModuleBytes + 1)
    big.set([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0])
    const r = await runInstance(makeSpec({ code: big }), ctx)
    expect(r.status).toBe('invalid')
    expect(r.message).toMatch(/over the cap of 67108864/)
    await expectHealthy()
  })
})
