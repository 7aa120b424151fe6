import { Worker } from 'node:worker_threads'
import type { InstanceSpec } from '@zerolab/shared'
import { afterAll, describe, expect, it } from 'vitest'
import { compileC } from '../../test/clang.ts'
import { GROW_WAT, HELLO_WAT, LOOP_WAT, SOCKET_WAT, STACK_WAT } from '../../test/hostile.ts'
import { makeSpec, text } from '../../test/spec.ts'
import { wat } from '../../test/wat.ts'
import { createNodePool } from '../node/createNodePool.ts'
import { fromNodeWorker } from '../node/nodeEndpoint.ts'
import { MAX_CODES } from './codeLru.ts'
import { createPool } from './pool.ts'

const BOOTSTRAP = new URL('../node/worker.mjs', import.meta.url)

describe('worker pool (worker_threads), hostile wasm', () => {
  const pool = createNodePool({ size: 1 })
  afterAll(() => pool.close())
  let hello: InstanceSpec

  const healthy = async (): Promise<void> => {
    hello ??= makeSpec({ code: await wat(HELLO_WAT) })
    const r = await pool.run(hello)
    expect(r.status).toBe('ok')
    expect(text(r.outputs['/dev/stdout'])).toBe('hello\n')
  }

  it('runs a program', healthy)

  it('kills an infinite loop at the wall-clock limit', async () => {
    const r = await pool.run(makeSpec({ code: await wat(LOOP_WAT), limits: { timeoutMs: 300 } }))
    expect(r.status).toBe('timeout')
    expect(r.accounting.wallMs).toBeGreaterThanOrEqual(300)
    await healthy()
  })

  it('ends memory growth past the limit with memory', async () => {
    const limits = { memoryBytes: 4 << 20 }
    const a = await pool.run(makeSpec({ code: await wat(GROW_WAT), limits }))
    expect(a.status).toBe('memory')
    expect(a.accounting.memoryPeak).toBe(4 << 20)
    const b = await pool.run(
      makeSpec({ code: compileC('memhog.c'), limits: { memoryBytes: 32 << 20 } }),
    )
    expect(b.status).toBe('memory')
    expect(text(b.outputs['/dev/stderr'])).toContain('out of memory')
    await healthy()
  })

  it('ends stack overflow with trap', async () => {
    expect((await pool.run(makeSpec({ code: await wat(STACK_WAT) }))).status).toBe('trap')
    // C recursion exhausts the shadow stack in linear memory first: still a trap.
    expect((await pool.run(makeSpec({ code: compileC('recurse.c') }))).status).toBe('trap')
    await healthy()
  })

  it('ends an output flood past a channel limit with quota', async () => {
    const spec = makeSpec({ code: compileC('flood.c') })
    spec.channels.push({
      alias: '/dev/stdout',
      mode: 'write',
      kind: 'local',
      limits: { maxWrites: 50 },
    })
    const r = await pool.run(spec)
    expect(r.status).toBe('quota')
    expect(r.accounting.writes).toBeLessThanOrEqual(51)
    const total = makeSpec({ code: compileC('flood.c'), limits: { maxOutputBytes: 1 << 20 } })
    expect((await pool.run(total)).status).toBe('quota')
    await healthy()
  })

  it('rejects a forbidden import by name', async () => {
    const r = await pool.run(makeSpec({ code: await wat(SOCKET_WAT) }))
    expect(r).toMatchObject({ status: 'invalid', validation: 1 })
    expect(r.message).toBe('module "env" import "socket" is not allowed')
    await healthy()
  })

  it('does not open /etc/passwd or ../x', async () => {
    const r = await pool.run(makeSpec({ code: compileC('escape.c') }))
    const out = text(r.outputs['/dev/stdout'])
    expect(out).toMatch(/^\/etc\/passwd: .+$/m)
    expect(out).toMatch(/^\.\.\/x: .+$/m)
    expect(out).not.toContain('OPENED')
    await healthy()
  })

  it('is deterministic: same seed, same ETags; another seed differs', async () => {
    const code = compileC('clockrandom.c')
    const wc = compileC('wordcount.c')
    const runs = await Promise.all(
      ['a', 'a', 'b'].map((seed) => pool.run(makeSpec({ code, seed }))),
    )
    const etag = (i: number): string | undefined => runs[i]!.etags['/dev/stdout']
    expect(etag(0)).toBe(etag(1))
    expect(etag(2)).not.toBe(etag(0))
    const w1 = await pool.run(makeSpec({ code: wc, stdin: 'a b c d' }))
    const w2 = await pool.run(makeSpec({ code: wc, stdin: 'a b c d' }))
    expect(w1.etags).toEqual(w2.etags)
    expect(text(w1.outputs['/dev/stdout'])).toBe('4\n')
  })

  it('answers cancelled on abort, queued or running', async () => {
    const loop = makeSpec({ code: await wat(LOOP_WAT) })
    const ac = new AbortController()
    const running = pool.run(loop, { signal: ac.signal })
    const queued = pool.run(loop, { signal: ac.signal })
    setTimeout(() => ac.abort(), 100)
    expect(await running).toMatchObject({ status: 'error', message: 'cancelled' })
    expect(await queued).toMatchObject({ status: 'error', message: 'cancelled' })
    await healthy()
  })
})

describe('worker pool bookkeeping', () => {
  it('sends program bytes once per worker and survives a worker dying', async () => {
    const workers: Worker[] = []
    let codeBytesSent = 0
    const pool = createPool({
      size: 1,
      spawn: () => {
        const w = new Worker(BOOTSTRAP)
        workers.push(w)
        const ep = fromNodeWorker(w)
        return {
          ...ep,
          post: (msg, transfer) => {
            if (msg.type === 'run') codeBytesSent += msg.spec.program.code.length
            ep.post(msg, transfer)
          },
        }
      },
    })
    try {
      const hello = makeSpec({ code: await wat(HELLO_WAT) })
      for (let i = 0; i < 3; i++) expect((await pool.run(hello)).status).toBe('ok')
      expect(codeBytesSent).toBe(hello.program.code.length)

      const loop = pool.run(makeSpec({ code: await wat(LOOP_WAT) }))
      setTimeout(() => void workers[0]!.terminate(), 200)
      const died = await loop
      expect(died.status).toBe('trap')
      expect(died.message).toMatch(/^worker died/)
      // The slot's worker and a spare at the start; the spare took over, a new spare boots.
      expect(workers.length).toBe(3)
      const again = await pool.run(hello)
      expect(again.status).toBe('ok')
      expect(codeBytesSent).toBe(2 * hello.program.code.length + (await wat(LOOP_WAT)).length)
    } finally {
      pool.close()
    }
  })

  it('mirrors the worker program cache: evicted programs are sent again', async () => {
    const sent: boolean[] = []
    const pool = createPool({
      size: 1,
      spawn: () => {
        const ep = fromNodeWorker(new Worker(BOOTSTRAP))
        return {
          ...ep,
          post: (msg, transfer) => {
            if (msg.type === 'run') sent.push(!msg.codeOmitted)
            ep.post(msg, transfer)
          },
        }
      },
    })
    try {
      const programs = await Promise.all(
        Array.from({ length: MAX_CODES + 1 }, (_, i) =>
          wat(HELLO_WAT.replace('hello', `hi${String(i).padStart(3, '0')}`)),
        ),
      )
      for (const code of programs) expect((await pool.run(makeSpec({ code }))).status).toBe('ok')
      const last = await pool.run(makeSpec({ code: programs[MAX_CODES]! }))
      const first = await pool.run(makeSpec({ code: programs[0]! }))
      expect(text(first.outputs['/dev/stdout'])).toBe('hi000\n')
      expect(last.status).toBe('ok')
      expect(sent.slice(-2)).toEqual([false, true])
    } finally {
      pool.close()
    }
  })

  it('fails queued instances when workers cannot be spawned, and does not throw', async () => {
    const pool = createPool({
      size: 1,
      spawn: () => {
        throw new Error('no threads here')
      },
    })
    try {
      const r = await pool.run(makeSpec({ code: await wat(HELLO_WAT) }))
      expect(r).toMatchObject({ status: 'error', message: 'workers fail to start' })
    } finally {
      pool.close()
    }
  })

  it('answers pool closed after close()', async () => {
    const pool = createNodePool({ size: 1 })
    pool.close()
    const r = await pool.run(makeSpec({ code: await wat(HELLO_WAT) }))
    expect(r).toMatchObject({ status: 'error', message: 'pool closed' })
  })
})
