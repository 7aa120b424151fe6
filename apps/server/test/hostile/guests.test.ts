import { RUNTIME_CAPS } from '@zerolab/shared'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  GROW_WAT,
  LOOP_WAT,
  PATH_FLOOD_WAT,
  TABLES_WAT,
  TABLE_GROW_WAT,
  pollWat,
  writevWat,
} from '../../../../packages/runtime/test/hostile.ts'
import { bigModule } from '../../../../packages/runtime/test/bigModule.ts'
import { wat } from '../../../../packages/runtime/test/wat.ts'
import {
  api,
  execute,
  expectNormalJobRuns,
  expectResponsive,
  openTarget,
  underAttack,
  type Target,
} from './attack.ts'

/**
 * Hostile programs through a real server: every byte a guest causes is counted, loops end
 * cheaply, and one account's flood of them does not hold another account's job behind it.
 * Each ends in a contained status while /api/health answers and a normal job still runs.
 */
let t: Target
const MB = 1024 * 1024

beforeAll(async () => {
  t = await openTarget({ poolSize: 2 })
})
afterAll(() => t?.close())

const b64 = (b: Uint8Array): string => Buffer.from(b).toString('base64')

/** One instance of a wasm module given inline, with `limits`. */
async function wasmJob(source: string | Uint8Array, limits: Record<string, number> = {}) {
  const bytes = typeof source === 'string' ? await wat(source) : source
  return [
    {
      name: 'guest',
      exec: { source: b64(bytes), encoding: 'base64', image: 'wasm' },
      devices: [{ name: 'stdout' }],
      limits: { timeoutMs: 20_000, ...limits },
    },
  ]
}

/** Runs `job` as the attacker (admin) over ZeroCloud execution; returns status and exit code. */
async function attack(job: unknown): Promise<{ status: string; retcode: string; error: string }> {
  const a = await underAttack(t, async () => {
    const r = await execute(t, job)
    await r.arrayBuffer()
    expect(r.status).toBe(200)
    return {
      status: r.headers.get('x-nexe-status')!,
      retcode: r.headers.get('x-nexe-retcode')!,
      error: r.headers.get('x-nexe-error') ?? '',
    }
  })
  expectResponsive(a, JSON.stringify(a.result))
  await expectNormalJobRuns(t)
  return a.result
}

describe('host memory a guest causes is counted', () => {
  it('ten tables of ten million entries under 64 MiB end with memory, never allocated', async () => {
    const r = await attack(await wasmJob(TABLES_WAT, { memoryMb: 64 }))
    expect(r.status).toMatch(/memory/)
    expect(r.error).toMatch(/table entries included/)
  })

  it('table growth stops inside the limit', async () => {
    // It exits 7 once table.grow refuses (ZeroCloud reports an exit code as status ok).
    expect((await attack(await wasmJob(TABLE_GROW_WAT, { memoryMb: 16 }))).retcode).toBe('7')
  })

  it('linear memory growth ends with memory', async () => {
    expect((await attack(await wasmJob(GROW_WAT, { memoryMb: 32 }))).status).toMatch(/memory/)
  })

  it('a million poll_oneoff subscriptions are EINVAL, no host array', async () => {
    const r = await attack(await wasmJob(pollWat(1_000_000), { memoryMb: 256 }))
    expect(r.retcode).toBe('28')
  })

  it('a writev naming its 64 MiB memory 70 times is EDQUOT, never gathered', async () => {
    expect((await attack(await wasmJob(writevWat(70), { memoryMb: 128 }))).retcode).toBe('19')
  })

  it('a path as long as the memory is ENAMETOOLONG', async () => {
    expect((await attack(await wasmJob(PATH_FLOOD_WAT, { memoryMb: 128 }))).retcode).toBe('37')
  })

  it('a js heap bomb ends with memory', async () => {
    const job = [
      {
        name: 'bomb',
        exec: { source: 'const a = []; for (;;) a.push("x".repeat(1000) + a.length)' },
        limits: { memoryMb: 32 },
      },
    ]
    expect((await attack(job)).status).toMatch(/memory/)
  })

  it('a module over the size cap is refused before it is compiled', async () => {
    const big = new Uint8Array(RUNTIME_CAPS.maxModuleBytes + 1)
    big.set([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0])
    await t.h.put(t.h.admin.who, 'bin', { 'huge.wasm': big })
    const a = await underAttack(t, () =>
      execute(t, [{ name: 'huge', exec: { path: 'swift://~/bin/huge.wasm' } }]),
    )
    expect(a.result.status).toBe(422)
    expect(a.result.headers.get('x-error-path')).toBe(encodeURIComponent('groups[0].exec.path'))
    expect(await a.result.text()).toMatch(/67108865 bytes of program asked, the cap is 67108864/)
    expectResponsive(a, 'huge module')
    await expectNormalJobRuns(t)
  })

  it('a large module compiles off the event loop and runs', async () => {
    await t.h.put(t.h.admin.who, 'bin', { 'large.wasm': bigModule(8 * MB) })
    const r = await attack([{ name: 'large', exec: { path: 'swift://~/bin/large.wasm' } }])
    expect(r.status).toBe('ok')
  })
})

describe('loops end cheaply and fairly', () => {
  it('a 1 ms timeout ends at once, for wasm and js', async () => {
    expect((await attack(await wasmJob(LOOP_WAT, { timeoutMs: 1 }))).status).toMatch(/timeout/)
    const js = [{ name: 'spin', exec: { source: 'for (;;) {}' }, limits: { timeoutMs: 1 } }]
    expect((await attack(js)).status).toMatch(/timeout/)
  })

  it("a flood of infinite loops from one account does not hold another account's job", async () => {
    const loop = await wasmJob(LOOP_WAT, { timeoutMs: 1500 })
    const flood = [{ ...loop[0]!, count: 5 }]
    const ids: string[] = []
    for (let i = 0; i < 2; i++) {
      const r = await api(t, 'POST', '/api/jobs', { body: flood })
      expect(r.status).toBe(202)
      ids.push(r.body.id as string)
    }
    // 10 loops of 1.5 s on 2 workers: the flood takes 7.5 s; the victim needs one free worker.
    const a = await underAttack(t, () => expectNormalJobRuns(t))
    expectResponsive(a, 'victim under a flood')
    const states = await Promise.all(
      ids.map(async (id) => (await api(t, 'GET', `/api/jobs/${id}`)).body.status),
    )
    // The victim finished while the flood was still running.
    expect(states).toContain('running')
    for (const id of ids) {
      for (;;) {
        const s = (await api(t, 'GET', `/api/jobs/${id}`)).body.status as string
        if (s !== 'running' && s !== 'queued') break
        await new Promise((r) => setTimeout(r, 200))
      }
    }
  }, 180_000)
})
