import { afterEach, describe, expect, it } from 'vitest'
import { LoopMonitor } from './loopMonitor.ts'

const sleep = (ms: number): Promise<void> => new Promise((ok) => setTimeout(ok, ms))

/** Keeps the thread busy until the process has spent `ms` more CPU time. */
function burnCpu(ms: number): void {
  const start = process.cpuUsage()
  for (;;) {
    const d = process.cpuUsage(start)
    if ((d.user + d.system) / 1000 >= ms) return
  }
}

describe('LoopMonitor', () => {
  let m: LoopMonitor
  afterEach(() => m?.stop())

  it('sees a turn that burns CPU on the loop thread', async () => {
    m = new LoopMonitor().start()
    await sleep(50)
    const w = m.watch()
    burnCpu(200)
    await sleep(30)
    const seen = w.stop()
    expect(m.clock).toBe('schedstat')
    // The burn was one turn: whatever the machine's load, it took the thread's CPU time.
    expect(seen.maxCpuMs).toBeGreaterThan(100)
    expect(seen.maxTurnMs).toBeGreaterThanOrEqual(seen.maxCpuMs)
    expect(m.counts.reduce((a, b) => a + b, 0)).toBe(m.turns)
  })

  it('sees a turn blocked in a call that sleeps (no CPU spent)', async () => {
    m = new LoopMonitor().start()
    await sleep(50)
    const w = m.watch()
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 200)
    await sleep(30)
    const seen = w.stop()
    expect(seen.maxTurnMs).toBeGreaterThanOrEqual(200)
    expect(seen.maxCpuMs).toBeLessThan(seen.maxTurnMs)
    // In the histogram too: a turn over 100 ms (the buckets after le=100).
    expect(m.counts.slice(3).reduce((a, b) => a + b, 0)).toBeGreaterThan(0)
  })

  it('an idle loop has only short turns, the wall gaps of a loaded machine taken out', async () => {
    m = new LoopMonitor().start()
    const w = m.watch()
    await sleep(300)
    const seen = w.stop()
    expect(seen.turns).toBeGreaterThan(3)
    expect(seen.maxTurnMs).toBeLessThan(100)
    expect(seen.maxTurnMs).toBeLessThanOrEqual(seen.maxWallMs)
  })
})
