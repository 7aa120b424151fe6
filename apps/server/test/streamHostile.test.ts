import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { compileFixture } from './compileFixture.ts'
import { openHarness, type Harness } from './harness.ts'

/**
 * Hostile guests on streaming pipes (issue 8, must-show 4), through the ZeroCloud execute API
 * on a real server with real workers: each ends with a clear status within its limits, and the
 * pool keeps serving the next job.
 */
let h: Harness

beforeAll(async () => {
  h = await openHarness({ mode: 'server', exec: { poolSize: 2 } })
  await h.put(h.admin.who, 'bin', {
    'hostile.wasm': compileFixture('streamhostile'),
    'hello.wasm': compileFixture('hello'),
  })
})
afterAll(() => h?.close())

const MiB = 1024 * 1024

function group(name: string, args: string, o: Record<string, unknown> = {}): unknown {
  return { name, exec: { path: 'swift://~/bin/hostile.wasm', args }, ...o }
}

async function execute(job: unknown[]): Promise<{
  status: string[]
  error: string
  body: string
}> {
  const r = await h.fetch('/v1/AUTH_admin', {
    method: 'POST',
    headers: { 'X-Auth-Token': h.admin.token, 'X-Zerovm-Execute': '1.0' },
    body: JSON.stringify(job),
  })
  expect(r.status).toBe(200)
  return {
    status: (r.headers.get('x-nexe-status') ?? '').split(','),
    error: r.headers.get('x-nexe-error') ?? '',
    body: await r.text(),
  }
}

/** The pool still runs a trivial job. */
async function stillServes(): Promise<void> {
  const r = await execute([
    { name: 'hello', exec: { path: 'swift://~/bin/hello.wasm' }, devices: [{ name: 'stdout' }] },
  ])
  expect(r.status).toEqual(['ok'])
  expect(r.body).toBe('hello from hello\n')
}

describe('hostile streaming guests are contained', () => {
  it('a reader that never reads ends by its timeout; its writer is not held', async () => {
    const r = await execute([
      group('w', 'jam r', { connect: ['r'], devices: [{ name: 'stderr' }] }),
      group('r', 'spin w', { limits: { timeoutMs: 3000 }, devices: [{ name: 'stdout' }] }),
    ])
    expect(r.status).toEqual(['ok', 'ZeroVM runtime error: timeout'])
    await stillServes()
  })

  it('a writer flooding a pipe stops at its output limit; the reader gets what fit', async () => {
    const r = await execute([
      group('w', 'flood r', {
        connect: ['r'],
        devices: [{ name: 'stderr' }],
        limits: { maxOutputBytes: 32 * MiB },
      }),
      group('r', 'drain w', { devices: [{ name: 'stdout' }] }),
    ])
    // Past its output limit the writer ends `quota`; its reader still runs, to end-of-file.
    expect(r.status).toEqual(['ZeroVM runtime error: quota', 'ok'])
    const [bytes, first] = r.body.trim().split(' ')
    expect(Number(bytes)).toBeLessThanOrEqual(32 * MiB)
    expect(Number(bytes)).toBeGreaterThan(0)
    expect(first).toBe('x')
    await stillServes()
  })

  it('two ends writing into each other forever end as deadlock, not by timeout', async () => {
    const r = await execute([
      group('a', 'jam b', { connect: ['b'], limits: { timeoutMs: 300_000 } }),
      group('b', 'jam a', { connect: ['a'], limits: { timeoutMs: 300_000 } }),
    ])
    expect(r.status).toEqual(['ZeroVM runtime error: deadlock', 'ZeroVM runtime error: deadlock'])
    expect(r.error).toContain('/dev/out/b')
    expect(r.error).toContain('/dev/out/a')
    await stillServes()
  })

  it('a channel opened twice gives one stream: the reader sees both bytes in order', async () => {
    const r = await execute([
      group('w', 'twice r', { connect: ['r'], devices: [{ name: 'stdout' }] }),
      group('r', 'drain w', { devices: [{ name: 'stdout' }] }),
    ])
    expect(r.status).toEqual(['ok', 'ok'])
    expect(r.body).toBe('first open ok, second open ok\n2 a\n')
    await stillServes()
  })
})
