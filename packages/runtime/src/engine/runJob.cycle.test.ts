import { parseJob, ZeroLabError } from '@zerolab/shared'
import { afterAll, describe, expect, it } from 'vitest'
import { compileC } from '../../test/clang.ts'
import { buildComponent } from '../../test/componentBuild.ts'
import { createNodePool } from '../node/createNodePool.ts'
import { MemoryStore } from '../store/memoryStore.ts'
import { putObject } from '../store/objectIo.ts'
import { runJob } from './runJob.ts'
import { MAX_GANG } from './schedule.ts'

const pool = createNodePool({ size: 1 })
afterAll(() => pool.close())

async function store(): Promise<MemoryStore> {
  const s = new MemoryStore()
  await putObject(s, 'me/bin/pingpong.wasm', compileC('examples/pingpong/pingpong.c'))
  await putObject(s, 'me/bin/ring.wasm', compileC('examples/ring/ring.c'))
  await putObject(s, 'me/bin/ring.component.wasm', buildComponent('examples/ring/ring.c'))
  return s
}

describe('cycles run as gangs (worker_threads, C compiled by clang)', () => {
  it('request/reply between two instances, on a pool that grows to fit them', async () => {
    const job = parseJob([
      {
        name: 'client',
        exec: { path: 'swift://~/bin/pingpong.wasm', args: 'client server 200' },
        devices: [{ name: 'stdout' }],
        connect: ['server'],
      },
      {
        name: 'server',
        exec: { path: 'swift://~/bin/pingpong.wasm', args: 'server client' },
        devices: [{ name: 'stdout' }],
        connect: ['client'],
      },
    ])
    const { report, body } = await runJob(job, {
      store: await store(),
      executor: pool,
      account: 'me',
      concurrency: 1,
    })
    expect(report.instances.map((i) => [i.name, i.status])).toEqual([
      ['client', 'ok'],
      ['server', 'ok'],
    ])
    expect(new TextDecoder().decode(body)).toBe(
      'client got 200 answers, sum 40200\nserver answered 200\n',
    )
    expect(report.instances[0]!.accounting.pipeWrites).toBe(200)
  })

  it('a self-connected group: every instance hears from every other', async () => {
    const job = parseJob([
      {
        name: 'p',
        count: 3,
        exec: { path: 'swift://~/bin/ring.wasm' },
        devices: [{ name: 'stdout' }],
        connect: ['p'],
        // Two of the three start on workers the pool adds for the gang: allow for their boot.
        limits: { timeoutMs: 120_000 },
      },
    ])
    const { report } = await runJob(job, { store: await store(), executor: pool, account: 'me' })
    expect(report.instances.map((i) => [i.name, i.status, i.stdout])).toEqual([
      ['p-1', 'ok', 'p-2: from p-2\np-3: from p-3\n'],
      ['p-2', 'ok', 'p-1: from p-1\np-3: from p-3\n'],
      ['p-3', 'ok', 'p-1: from p-1\np-2: from p-2\n'],
    ])
  })

  it('ends instances blocked on each other with status deadlock, naming the channels', async () => {
    const job = parseJob([
      {
        name: 'p',
        count: 2,
        exec: { path: 'swift://~/bin/ring.wasm', args: 'block' },
        connect: ['p'],
        limits: { timeoutMs: 600_000 },
      },
    ])
    const { report } = await runJob(job, { store: await store(), executor: pool, account: 'me' })
    expect(report.instances.map((i) => [i.name, i.status])).toEqual([
      ['p-1', 'deadlock'],
      ['p-2', 'deadlock'],
    ])
    expect(report.instances[0]!.message).toBe(
      'deadlock: p-1 waits on /dev/in/p-2; p-2 waits on /dev/in/p-1',
    )
    // The pool keeps serving.
    const again = parseJob([{ name: 'q', exec: { path: 'swift://~/bin/ring.wasm' } }])
    const r2 = await runJob(again, { store: await store(), executor: pool, account: 'me' })
    expect(r2.report.instances[0]!.status).toBe('ok')
  })

  it('a component deadlock ends deadlock too, naming the channels', async () => {
    const job = parseJob([
      {
        name: 'c',
        count: 2,
        exec: { path: 'swift://~/bin/ring.component.wasm', image: 'component', args: 'block' },
        connect: ['c'],
        // The first component on a worker is transpiled (seconds on a busy machine).
        limits: { timeoutMs: 600_000 },
      },
    ])
    const { report } = await runJob(job, { store: await store(), executor: pool, account: 'me' })
    expect(report.instances.map((i) => [i.name, i.status, i.message])).toEqual([
      ['c-1', 'deadlock', 'deadlock: c-1 waits on /dev/in/c-2; c-2 waits on /dev/in/c-1'],
      ['c-2', 'deadlock', 'deadlock: c-1 waits on /dev/in/c-2; c-2 waits on /dev/in/c-1'],
    ])
  })

  it('refuses a cycle larger than the gang cap before anything runs', async () => {
    const job = parseJob([
      {
        name: 'p',
        count: MAX_GANG + 1,
        exec: { path: 'swift://~/bin/ring.wasm' },
        connect: ['p'],
      },
    ])
    const err = await runJob(job, { store: await store(), executor: pool, account: 'me' }).catch(
      (e: unknown) => e,
    )
    expect(err).toBeInstanceOf(ZeroLabError)
    expect((err as ZeroLabError).code).toBe('LIMIT_EXCEEDED')
    expect((err as ZeroLabError).message).toContain(`${MAX_GANG + 1} instances`)
  })
})
