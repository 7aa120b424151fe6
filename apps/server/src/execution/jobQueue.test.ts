import { describe, expect, it } from 'vitest'
import { ZeroLabError } from '@zerolab/shared'
import { JobQueue } from './jobQueue.ts'

function gate(): { wait: Promise<void>; open: () => void } {
  let open!: () => void
  const wait = new Promise<void>((r) => (open = r))
  return { wait, open }
}

describe('JobQueue', () => {
  it('runs up to the per-account limit and queues the rest in order', async () => {
    const q = new JobQueue({
      maxRunning: 4,
      maxRunningPerAccount: 1,
      maxQueued: 10,
      maxQueuedPerAccount: 10,
    })
    const g = gate()
    const order: string[] = []
    const a1 = q.submit('a', async () => {
      order.push('a1')
      await g.wait
      return 1
    })
    const a2 = q.submit('a', async () => {
      order.push('a2')
      return 2
    })
    const b1 = q.submit('b', async () => {
      order.push('b1')
      return 3
    })
    expect(q.runningFor('a')).toBe(1)
    expect(q.queuedFor('a')).toBe(1)
    expect(await b1.done).toBe(3)
    expect(order).toEqual(['a1', 'b1'])
    g.open()
    expect(await a1.done).toBe(1)
    expect(await a2.done).toBe(2)
    expect(order).toEqual(['a1', 'b1', 'a2'])
    expect(q.depth).toBe(0)
    expect(q.active).toBe(0)
  })

  it('refuses with 429 when an account queue is full and 503 when the whole queue is', () => {
    const q = new JobQueue({
      maxRunning: 1,
      maxRunningPerAccount: 1,
      maxQueued: 2,
      maxQueuedPerAccount: 1,
    })
    const g = gate()
    q.submit('a', () => g.wait)
    q.submit('a', () => g.wait)
    let err: unknown
    try {
      q.submit('a', () => g.wait)
    } catch (e) {
      err = e
    }
    expect(err).toBeInstanceOf(ZeroLabError)
    expect((err as ZeroLabError).status).toBe(429)
    q.submit('b', () => g.wait)
    try {
      q.submit('c', () => g.wait)
    } catch (e) {
      err = e
    }
    expect((err as ZeroLabError).status).toBe(503)
    g.open()
  })

  it('cancels a waiting job without running it and aborts a running one', async () => {
    const q = new JobQueue({
      maxRunning: 1,
      maxRunningPerAccount: 1,
      maxQueued: 5,
      maxQueuedPerAccount: 5,
    })
    let ran = false
    const running = q.submit(
      'a',
      (signal) =>
        new Promise((_res, rej) => signal.addEventListener('abort', () => rej(signal.reason))),
    )
    const waiting = q.submit('a', async () => {
      ran = true
    })
    waiting.cancel('stop')
    await expect(waiting.done).rejects.toMatchObject({ code: 'CANCELLED' })
    running.cancel('stop')
    await expect(running.done).rejects.toMatchObject({ code: 'CANCELLED' })
    expect(ran).toBe(false)
    expect(q.active).toBe(0)
  })

  it('a task that throws synchronously frees its slot', async () => {
    const q = new JobQueue({
      maxRunning: 1,
      maxRunningPerAccount: 1,
      maxQueued: 5,
      maxQueuedPerAccount: 5,
    })
    const bad = q.submit('a', () => {
      throw new Error('boom')
    })
    await expect(bad.done).rejects.toThrow('boom')
    expect(await q.submit('a', async () => 7).done).toBe(7)
  })
})
