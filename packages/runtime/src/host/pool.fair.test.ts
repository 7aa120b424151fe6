import { Worker } from 'node:worker_threads'
import type { FromWorker, InstanceResult, ToWorker } from '@zerolab/shared'
import { describe, expect, it } from 'vitest'
import { HELLO_WAT, LOOP_IF_ARG_WAT, LOOP_WAT } from '../../test/hostile.ts'
import { makeSpec } from '../../test/spec.ts'
import { wat } from '../../test/wat.ts'
import { emptyAccounting } from '@zerolab/shared'
import { fromNodeWorker } from '../node/nodeEndpoint.ts'
import type { Endpoint } from './endpoint.ts'
import { createPool } from './pool.ts'

const BOOTSTRAP = new URL('../node/worker.mjs', import.meta.url)

/** A worker the test drives by hand: it records runs and answers when told to. */
class FakeWorker implements Endpoint {
  runs: Extract<ToWorker, { type: 'run' }>[] = []
  private cb: ((m: FromWorker) => void) | undefined
  private exit: ((reason: string) => void) | undefined
  post(msg: ToWorker): void {
    if (msg.type === 'run') this.runs.push(msg)
  }
  on(cb: (m: FromWorker) => void, onExit?: (reason: string) => void): () => void {
    this.cb = cb
    this.exit = onExit
    queueMicrotask(() => cb({ v: 1, type: 'ready' }))
    return () => {
      this.cb = undefined
    }
  }
  terminate(): void {}
  started(id: number): void {
    this.cb?.({ v: 1, type: 'started', id })
  }
  answer(id: number): void {
    const result: InstanceResult = {
      name: 'x',
      status: 'ok',
      exitCode: 0,
      validation: 0,
      outputs: {},
      etags: {},
      accounting: emptyAccounting(),
    }
    this.cb?.({ v: 1, type: 'result', id, result })
  }
  die(reason: string): void {
    this.exit?.(reason)
  }
}

const tick = (): Promise<void> => new Promise((r) => setTimeout(r, 0))

describe('worker pool: fair sharing', () => {
  it("one owner's flood delays another owner's instance by at most the one running", async () => {
    const fakes: FakeWorker[] = []
    const pool = createPool({
      size: 1,
      spares: 0,
      spawn: () => (fakes[fakes.length] = new FakeWorker()),
    })
    await tick()
    const order: string[] = []
    const run = (owner: string, name: string): Promise<void> =>
      pool.run(makeSpec({ code: 'x', name }), { owner }).then(() => void order.push(name))
    const all = [...Array.from({ length: 6 }, (_, i) => run('attacker', `a${i}`))]
    all.push(run('victim', 'v'))
    const w = fakes[0]!
    for (let i = 0; i < 7; i++) {
      await tick()
      w.answer(w.runs[i]!.id)
    }
    await Promise.all(all)
    expect(order.slice(0, 3)).toEqual(['a0', 'v', 'a1'])
    pool.close()
  })

  it('serves owners in turn when both flood', async () => {
    const fakes: FakeWorker[] = []
    const pool = createPool({
      size: 1,
      spares: 0,
      spawn: () => (fakes[fakes.length] = new FakeWorker()),
    })
    await tick()
    const names: string[] = []
    const runs = ['a', 'b'].flatMap((o) =>
      [0, 1, 2].map((i) => pool.run(makeSpec({ code: 'x', name: `${o}${i}` }), { owner: o })),
    )
    for (let i = 0; i < 6; i++) {
      await tick()
      const r = fakes[0]!.runs[i]!
      names.push(r.spec.name)
      fakes[0]!.answer(r.id)
    }
    await Promise.all(runs)
    expect(names).toEqual(['a0', 'b0', 'a1', 'b1', 'a2', 'b2'])
    pool.close()
  })
})

describe('worker pool: cheap timeouts', () => {
  it('a wasm loop is interrupted in place; a killed worker is replaced by a booted spare', async () => {
    const spawned: Worker[] = []
    const ranOn: number[] = []
    const pool = createPool({
      size: 1,
      spares: 1,
      spawn: () => {
        const w = new Worker(BOOTSTRAP)
        const index = spawned.push(w) - 1
        const ep = fromNodeWorker(w)
        return {
          ...ep,
          post: (msg, transfer) => {
            if (msg.type === 'run') ranOn.push(index)
            ep.post(msg, transfer)
          },
        }
      },
    })
    try {
      const hello = makeSpec({ code: await wat(HELLO_WAT) })
      expect((await pool.run(hello)).status).toBe('ok')
      while (pool.stats().sparesReady < 1) await new Promise((r) => setTimeout(r, 20))
      // A first run is interrupted in place (guarded): no worker dies.
      const loop = makeSpec({ code: await wat(LOOP_WAT), limits: { timeoutMs: 1 } })
      expect((await pool.run(loop)).status).toBe('timeout')
      expect(spawned).toHaveLength(2)
      // A program that ran fast once is trusted; looping on a later run costs a kill.
      const code = await wat(LOOP_IF_ARG_WAT)
      expect((await pool.run(makeSpec({ code }))).status).toBe('ok')
      const later = makeSpec({ code, args: ['loop'], limits: { timeoutMs: 1 } })
      expect((await pool.run(later)).status).toBe('timeout')
      // The spare (worker 1), booted long before, runs the next instance; worker 2 is the new spare.
      expect((await pool.run(hello)).status).toBe('ok')
      expect(ranOn).toEqual([0, 0, 0, 0, 1])
      expect(spawned).toHaveLength(3)
    } finally {
      pool.close()
    }
  })

  it('a js guest ends itself at its limit: no worker is killed', async () => {
    let spawns = 0
    const pool = createPool({
      size: 1,
      spares: 0,
      spawn: () => {
        spawns++
        return fromNodeWorker(new Worker(BOOTSTRAP))
      },
    })
    try {
      const loops = [
        'for (;;) {}',
        // Costly host calls between QuickJS's interrupt checks: the host functions check too.
        'const s = "x".repeat(65536); for (;;) zerolab.write("stdout", s)',
      ]
      for (const code of loops) {
        for (let i = 0; i < 2; i++) {
          const limits = { timeoutMs: 50, maxOutputBytes: 8 << 20 }
          const r = await pool.run(makeSpec({ code, limits }))
          expect(r).toMatchObject({ status: 'timeout', message: 'timeout after 50 ms' })
        }
      }
      expect(spawns).toBe(1)
    } finally {
      pool.close()
    }
  })

  it('a worker that runs out of heap ends its instance with memory', async () => {
    const fakes: FakeWorker[] = []
    const pool = createPool({
      size: 1,
      spares: 0,
      spawn: () => (fakes[fakes.length] = new FakeWorker()),
    })
    await tick()
    const r = pool.run(makeSpec({ code: 'x' }))
    await tick()
    fakes[0]!.die('Worker terminated due to reaching memory limit: JS heap out of memory')
    expect(await r).toMatchObject({ status: 'memory' })
    pool.close()
  })
})

describe('worker pool: compile budget', () => {
  it('a large module waits for compile memory while another compiles', async () => {
    const fakes: FakeWorker[] = []
    const big = (name: string) =>
      makeSpec({ code: new Uint8Array(2 << 20).fill(name.charCodeAt(0)), name })
    const pool = createPool({
      size: 2,
      spares: 0,
      compileBudgetBytes: 30 * (2 << 20),
      spawn: () => (fakes[fakes.length] = new FakeWorker()),
    })
    await tick()
    const a = pool.run(big('a'))
    const b = pool.run(big('b'))
    const small = pool.run(makeSpec({ code: new Uint8Array(100), name: 's' }))
    await tick()
    const posted = (): string[] => fakes.flatMap((f) => f.runs.map((r) => r.spec.name))
    // 2 MiB × 24 each: one fits the budget, the second waits; nothing else is held back.
    expect(posted()).toEqual(['a', 's'])
    fakes[0]!.started(fakes[0]!.runs[0]!.id)
    await tick()
    fakes[1]!.answer(fakes[1]!.runs[0]!.id)
    await tick()
    expect(posted()).toEqual(['a', 's', 'b'])
    fakes[0]!.answer(fakes[0]!.runs[0]!.id)
    fakes[1]!.answer(fakes[1]!.runs[1]!.id)
    await Promise.all([a, b, small])
    pool.close()
  })
})
