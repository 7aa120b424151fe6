import { parseJob } from '@zerolab/shared'
import { afterAll, describe, expect, it } from 'vitest'
import { createNodePool } from '../node/createNodePool.ts'
import { FileSpool } from '../node/spool.ts'
import { MemoryStore } from '../store/memoryStore.ts'
import { runJob } from './runJob.ts'

const pool = createNodePool({ size: 2 })
afterAll(() => pool.close())

describe('runJob on the worker pool', () => {
  it('a timed-out instance commits nothing, its siblings commit, its reader still runs', async () => {
    const store = new MemoryStore()
    const job = parseJob({
      version: 1,
      groups: [
        {
          name: 'w',
          count: 3,
          exec: {
            source: `zerolab.write('output', zerolab.name); zerolab.write('out/r', zerolab.name + ';'); if (zerolab.name === 'w-2') for (;;) {}`,
          },
          devices: [{ name: 'output', path: 'swift://~/res/*.txt' }],
          connect: ['r'],
          limits: { timeoutMs: 4000 },
        },
        {
          name: 'r',
          exec: {
            source: `zerolab.write('stdout', zerolab.list('in').map((p) => zerolab.read('in/' + p)).join(''))`,
          },
          devices: [{ name: 'stdout' }],
        },
      ],
    })
    const { report } = await runJob(job, {
      store,
      executor: pool,
      account: 'me',
      concurrency: 2,
      spool: new FileSpool(),
    })
    expect(report.instances.map((i) => [i.name, i.status])).toEqual([
      ['w-1', 'ok'],
      ['w-2', 'timeout'],
      ['w-3', 'ok'],
      ['r', 'ok'],
    ])
    expect((await store.list('me', 'res')).map((o) => o.name)).toEqual(['w-1.txt', 'w-3.txt'])
    // w-2 wrote its pipe before it looped: streamed out, its reader sees it.
    expect(report.instances[3]!.stdout).toBe('w-1;w-2;w-3;')
  })

  it('fans in through a disk spool', async () => {
    const store = new MemoryStore()
    const job = parseJob([
      {
        name: 'w',
        count: 4,
        exec: { source: `zerolab.write('out/r', zerolab.name + ';')` },
        connect: ['r'],
      },
      {
        name: 'r',
        exec: {
          source: `for (const p of zerolab.list('in')) zerolab.write('stdout', zerolab.read('in/' + p))`,
        },
        devices: [{ name: 'stdout' }],
      },
    ])
    const { body } = await runJob(job, {
      store,
      executor: pool,
      account: 'me',
      concurrency: 2,
      spool: new FileSpool(),
    })
    expect(new TextDecoder().decode(body)).toBe('w-1;w-2;w-3;w-4;')
  })
})
