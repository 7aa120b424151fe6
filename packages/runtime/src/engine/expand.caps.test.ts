import { JOB_CAPS, parseJob, ZeroLabError, type JobCaps } from '@zerolab/shared'
import { describe, expect, it } from 'vitest'
import { MemoryStore } from '../store/memoryStore.ts'
import { putObject } from '../store/objectIo.ts'
import { expandJob } from './expand.ts'

const exec = { source: 'x' }
const bytes = new Uint8Array([1])

async function fill(store: MemoryStore, container: string, names: string[]): Promise<void> {
  for (const n of names) await putObject(store, `me/${container}/${n}`, bytes)
}

async function rejection(
  groups: unknown[],
  store: MemoryStore,
  caps: Partial<JobCaps> = {},
): Promise<ZeroLabError> {
  try {
    await expandJob(parseJob(groups), store, { account: 'me', caps: { ...JOB_CAPS, ...caps } })
  } catch (e) {
    expect(e).toBeInstanceOf(ZeroLabError)
    return e as ZeroLabError
  }
  throw new Error('expanded')
}

const names = (n: number, prefix = 'o'): string[] =>
  Array.from({ length: n }, (_, i) => `${prefix}${String(i).padStart(5, '0')}`)

describe('expansion caps', () => {
  it('stops listing once a wildcard passes the instance cap, naming the device', async () => {
    const store = new MemoryStore()
    await fill(store, 'c', names(50))
    const e = await rejection(
      [{ name: 'm', exec, devices: [{ name: 'input', path: 'swift://~/c/*' }] }],
      store,
      { maxInstances: 20 },
    )
    expect(e.code).toBe('LIMIT_EXCEEDED')
    expect(e.path).toBe('groups[0].devices[0].path')
    expect(e.limit).toEqual({ cap: 20, asked: 21 })
  })

  it('counts instances over groups, wildcards included', async () => {
    const store = new MemoryStore()
    await fill(store, 'c', names(15))
    const e = await rejection(
      [
        { name: 'a', exec, count: 10 },
        { name: 'm', exec, devices: [{ name: 'input', path: 'swift://~/c/*' }] },
      ],
      store,
      { maxInstances: 20 },
    )
    expect(e.path).toBe('groups[1].devices[0].path')
    expect(e.limit!.asked).toBe(21)
  })

  it('counts pipes between wildcard groups before wiring them', async () => {
    const store = new MemoryStore()
    await fill(store, 'c', names(40))
    const e = await rejection(
      [
        { name: 'm', exec, devices: [{ name: 'input', path: 'swift://~/c/*' }], connect: ['r'] },
        { name: 'r', exec, count: 30 },
      ],
      store,
      { maxPipes: 1000 },
    )
    expect(e.path).toBe('groups[0].connect[0]')
    expect(e.limit).toEqual({ cap: 1000, asked: 1200 })
  })

  it('caps the objects a wildcard may list', async () => {
    const store = new MemoryStore()
    await fill(store, 'c', names(30))
    const e = await rejection(
      [{ name: 'm', exec, devices: [{ name: 'input', path: 'swift://~/c/*.none' }] }],
      store,
      { maxWildcardScan: 25 },
    )
    expect(e.path).toBe('groups[0].devices[0].path')
    expect(e.limit).toEqual({ cap: 25, asked: 26 })
  })

  it('ends with LIMIT_EXCEEDED when expansion runs past its time budget', async () => {
    const store = new MemoryStore()
    await fill(store, 'c', names(3000))
    const e = await rejection(
      [{ name: 'm', exec, devices: [{ name: 'input', path: 'swift://~/c/*' }] }],
      store,
      { maxExpandMs: 0 },
    )
    expect(e.code).toBe('LIMIT_EXCEEDED')
    expect(e.message).toContain('expanding the job took over 0 ms')
  })

  it('matches backtracking bombs in linear time (three long names, many stars)', async () => {
    const store = new MemoryStore()
    await fill(store, 'c', ['a'.repeat(150), 'a'.repeat(5000), 'a'.repeat(50_000)])
    for (const pattern of ['*a*a*a*a*b', `${'*a'.repeat(16)}`.slice(0, -1) + 'b', '**********b']) {
      const e = await rejection(
        [{ name: 'm', exec, devices: [{ name: 'input', path: `swift://~/c/${pattern}` }] }],
        store,
      )
      expect(e.code).toBe('NO_MATCH')
    }
    const plan = await expandJob(
      parseJob([{ name: 'm', exec, devices: [{ name: 'input', path: 'swift://~/*/*a*a*a' }] }]),
      store,
      { account: 'me' },
    )
    expect(plan.instances).toHaveLength(3)
  })

  it('lets the event loop run while it expands a large job', async () => {
    const store = new MemoryStore()
    await fill(store, 'c', names(5000))
    let ticks = 0
    const timer = setInterval(() => ticks++, 0)
    try {
      const plan = await expandJob(
        parseJob([
          { name: 'm', exec, devices: [{ name: 'input', path: 'swift://~/c/*' }], connect: ['r'] },
          { name: 'r', exec, count: 10 },
        ]),
        store,
        { account: 'me' },
      )
      expect(plan.instances).toHaveLength(5010)
    } finally {
      clearInterval(timer)
    }
    // The interval fired during expansion, so the loop was never held for the whole of it.
    expect(ticks).toBeGreaterThan(0)
  })

  it('aborts when the signal does', async () => {
    const store = new MemoryStore()
    await fill(store, 'c', names(3000))
    const ctl = new AbortController()
    ctl.abort(new ZeroLabError('CANCELLED', 'stop'))
    await expect(
      expandJob(
        parseJob([{ name: 'm', exec, devices: [{ name: 'input', path: 'swift://~/c/*' }] }]),
        store,
        { account: 'me', signal: ctl.signal },
      ),
    ).rejects.toMatchObject({ code: 'CANCELLED' })
  })
})
