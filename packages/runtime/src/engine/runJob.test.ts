import { parseJob, ZeroLabError } from '@zerolab/shared'
import { describe, expect, it } from 'vitest'
import { runInstance } from '../sandbox/runInstance.ts'
import { MemoryStore } from '../store/memoryStore.ts'
import { getObject, putObject } from '../store/objectIo.ts'
import type { Executor } from './executor.ts'
import type { JobEvent } from '@zerolab/shared'
import { runJob } from './runJob.ts'

const cache = new Map<string, unknown>()
const executor: Executor = { run: (spec) => runInstance(spec, { cache }) }
const enc = new TextEncoder()
const dec = new TextDecoder()

async function seeded(): Promise<MemoryStore> {
  const s = new MemoryStore()
  for (let i = 1; i <= 3; i++)
    await putObject(s, `me/in/part-${i}.txt`, enc.encode(`line ${i}\n`.repeat(i)))
  return s
}

describe('runJob', () => {
  it('commits nothing of an instance that fails; its downstream still runs and reads it', async () => {
    const store = await seeded()
    const job = parseJob([
      {
        name: 'work',
        exec: {
          source: `
            zerolab.write('output', 'result of ' + zerolab.name)
            zerolab.write('stdout', 'log of ' + zerolab.name)
            zerolab.write('out/sink', zerolab.name)
            if (zerolab.name === 'work-2') zerolab.exit(3)`,
        },
        devices: [
          { name: 'stdin', path: 'swift://~/in/*.txt' },
          { name: 'output', path: 'swift://~/out/*.res' },
          { name: 'stdout', path: 'swift://~/out/*.log' },
        ],
        connect: ['sink'],
      },
      {
        name: 'sink',
        exec: {
          source: `zerolab.write('output', zerolab.list('in').map((p) => zerolab.read('in/' + p)).join(','))`,
        },
        devices: [{ name: 'output', path: 'swift://~/out/sink' }],
      },
    ])
    const { report } = await runJob(job, { store, executor, account: 'me', concurrency: 2 })
    expect(report.status).toBe('failed')
    expect(report.instances.map((i) => [i.name, i.status, i.exitCode])).toEqual([
      ['work-1', 'ok', 0],
      ['work-2', 'error', 3],
      ['work-3', 'ok', 0],
      ['sink', 'ok', 0],
    ])
    expect((await store.list('me', 'out')).map((o) => o.name)).toEqual([
      'part-1.log',
      'part-1.res',
      'part-3.log',
      'part-3.res',
      'sink',
    ])
    const sunk = await getObject(store, 'me/out/sink')
    expect(new TextDecoder().decode(sunk!.data)).toBe('work-1,work-2,work-3')
    expect(report.instances[1]!.outputs).toEqual([])
    // Which object each mapper read (its wildcard's match); the sink read none.
    expect(report.instances.map((i) => i.inputs)).toEqual([
      [{ device: '/dev/stdin', path: 'swift://me/in/part-1.txt', bytes: 7 }],
      [{ device: '/dev/stdin', path: 'swift://me/in/part-2.txt', bytes: 14 }],
      [{ device: '/dev/stdin', path: 'swift://me/in/part-3.txt', bytes: 21 }],
      undefined,
    ])
    // What flowed on each edge: bytes and the first of them, the failed writer's too.
    expect(report.instances.map((i) => i.pipes)).toEqual([
      [{ device: '/dev/out/sink', peer: 'sink', bytes: 6, head: 'work-1' }],
      [{ device: '/dev/out/sink', peer: 'sink', bytes: 6, head: 'work-2' }],
      [{ device: '/dev/out/sink', peer: 'sink', bytes: 6, head: 'work-3' }],
      undefined,
    ])
    expect(report.totals).toMatchObject({
      instances: 4,
      byStatus: { ok: 3, error: 1 },
      notRun: 0,
      committed: 5,
    })
  })

  it('applies min_size, content_type and meta; returns path-less stdout in instance order', async () => {
    const store = await seeded()
    const job = parseJob([
      {
        name: 'w',
        exec: {
          source: `const t = zerolab.read('stdin'); zerolab.write('output', t); console.log(zerolab.name, t.length)`,
        },
        devices: [
          { name: 'stdin', path: 'swift://~/in/part-*.txt' },
          {
            name: 'output',
            path: 'swift://~/big/*.txt',
            min_size: 10,
            content_type: 'text/x-part',
            meta: { Source: 'job' },
          },
          { name: 'stdout' },
        ],
      },
    ])
    const { report, body } = await runJob(job, { store, executor, account: 'me' })
    expect(report.status).toBe('ok')
    expect(dec.decode(body)).toBe('w-1 7\nw-2 14\nw-3 21\n')
    expect((await store.list('me', 'big')).map((o) => [o.name, o.contentType, o.meta])).toEqual([
      ['2.txt', 'text/x-part', { Source: 'job' }],
      ['3.txt', 'text/x-part', { Source: 'job' }],
    ])
    expect(report.instances[0]!.outputs[0]).toMatchObject({
      committed: false,
      reason: 'smaller than min_size 10',
      bytes: 7,
    })
    expect(report.instances[1]!.outputs[0]!.etag).toBe(report.instances[1]!.etags['/dev/output'])
    expect(report.instances[2]!.cdr.split(' ')).toHaveLength(10)
  })

  it('returns the first path-less device of every instance that ran, failed ones too', async () => {
    const store = await seeded()
    const job = parseJob([
      {
        name: 'w',
        exec: {
          source: `
            zerolab.write('output', 'kept only when ok')
            console.log('out of ' + zerolab.name)
            console.error('err of ' + zerolab.name)
            if (zerolab.name === 'w-2') zerolab.exit(4)`,
        },
        devices: [
          { name: 'stdin', path: 'swift://~/in/part-*.txt' },
          { name: 'output', path: 'swift://~/res/*.txt' },
          { name: 'stdout' },
        ],
      },
      {
        // stderr is the first declared path-less device: it comes back, stdout does not
        name: 'e',
        exec: { source: `console.log('not returned'); console.error('stderr of e')` },
        devices: [{ name: 'stderr', content_type: 'text/x-log' }, { name: 'stdout' }],
      },
      {
        // an empty immediate output is skipped even though stdout has bytes
        name: 'quiet',
        exec: { source: `console.log('not returned either')` },
        devices: [{ name: 'stderr' }, { name: 'stdout' }],
      },
    ])
    const { report, body } = await runJob(job, { store, executor, account: 'me' })
    expect(report.instances.map((i) => [i.name, i.status, i.bodyDevice])).toEqual([
      ['w-1', 'ok', '/dev/stdout'],
      ['w-2', 'error', '/dev/stdout'],
      ['w-3', 'ok', '/dev/stdout'],
      ['e', 'ok', '/dev/stderr'],
      ['quiet', 'ok', undefined],
    ])
    expect(dec.decode(body)).toBe('out of w-1\nout of w-2\nout of w-3\nstderr of e\n')
    expect((await store.list('me', 'res')).map((o) => o.name)).toEqual(['1.txt', '3.txt'])
  })

  it('streams progress events in order and honours concurrency', async () => {
    const store = await seeded()
    const events: JobEvent[] = []
    let inFlight = 0
    let peak = 0
    const counting: Executor = {
      run: async (spec) => {
        peak = Math.max(peak, ++inFlight)
        try {
          return await executor.run(spec)
        } finally {
          inFlight--
        }
      },
    }
    const job = parseJob([
      { name: 'w', count: 5, exec: { source: `console.log(1)` }, connect: ['r'] },
      { name: 'r', exec: { source: `` } },
    ])
    await runJob(job, {
      store,
      executor: counting,
      account: 'me',
      concurrency: 2,
      onEvent: (e) => events.push(e),
    })
    expect(peak).toBe(2)
    expect(events[0]).toEqual({
      type: 'job-started',
      instances: 6,
      groups: [
        { name: 'w', instances: 5 },
        { name: 'r', instances: 1 },
      ],
    })
    expect(events.at(-1)!.type).toBe('job-finished')
    const r = events.map((e) => ('name' in e ? `${e.type}:${e.name}` : e.type))
    expect(r.indexOf('instance-queued:r')).toBeGreaterThan(
      Math.max(...[1, 2, 3, 4, 5].map((k) => r.indexOf(`instance-finished:w-${k}`))),
    )
    const fin = events.find((e) => e.type === 'instance-finished' && e.name === 'w-1')
    expect(fin).toMatchObject({ status: 'ok', bytesOut: 2, ran: true })
  })

  it('rejects a cyclic graph before anything runs', async () => {
    let ran = 0
    const job = parseJob([
      { name: 'a', exec: { source: '' }, connect: ['b'] },
      { name: 'b', exec: { source: '' }, connect: ['a'] },
    ])
    const err = await runJob(job, {
      store: new MemoryStore(),
      executor: { run: (s) => (ran++, executor.run(s)) },
      account: 'me',
    }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(ZeroLabError)
    expect((err as ZeroLabError).message).toBe(
      'groups[1].connect[0]: cycle a → b → a; pipes are batch, so connections must form an acyclic graph',
    )
    expect(ran).toBe(0)
  })

  it('cancels: instances not started end as cancelled, nothing more runs', async () => {
    const ac = new AbortController()
    let ran = 0
    const job = parseJob([{ name: 'w', count: 6, exec: { source: '' } }])
    const { report } = await runJob(job, {
      store: new MemoryStore(),
      executor: { run: (s) => (++ran === 2 && ac.abort(), executor.run(s)) },
      account: 'me',
      concurrency: 1,
      signal: ac.signal,
    })
    expect(report.status).toBe('cancelled')
    expect(ran).toBe(2)
    expect(report.instances.filter((i) => i.message === 'cancelled')).toHaveLength(4)
  })

  it('runs a program stored as an object and reports a missing one up front', async () => {
    const store = new MemoryStore()
    await putObject(
      store,
      'me/apps/hello.js',
      enc.encode(`console.log('hi from', zerolab.args.join(','))`),
    )
    const ok = await runJob(
      parseJob([
        {
          name: 'h',
          exec: { path: 'swift://~/apps/hello.js', args: 'a b\\x20c' },
          devices: [{ name: 'stdout' }],
        },
      ]),
      {
        store,
        executor,
        account: 'me',
      },
    )
    expect(dec.decode(ok.body)).toBe('hi from h,a,b c\n')
    const missing = await runJob(
      parseJob([{ name: 'h', exec: { path: 'swift://~/apps/nope.wasm' } }]),
      { store, executor, account: 'me' },
    ).catch((e: unknown) => e)
    expect((missing as ZeroLabError).message).toBe(
      'groups[0].exec.path: no such object swift://~/apps/nope.wasm',
    )
  })

  it("routes zvm:// stdout into the reader's stdin, writers concatenated in order", async () => {
    const job = parseJob([
      {
        name: 'a',
        count: 3,
        exec: { source: `console.log('from', zerolab.name)` },
        devices: [{ name: 'stdout', path: 'zvm://b:stdin' }],
      },
      {
        name: 'b',
        exec: { source: `zerolab.write('stdout', zerolab.read('stdin').toUpperCase())` },
        devices: [{ name: 'stdout' }],
      },
    ])
    const { report, body } = await runJob(job, {
      store: new MemoryStore(),
      executor,
      account: 'me',
    })
    expect(report.status).toBe('ok')
    expect(dec.decode(body)).toBe('FROM A-1\nFROM A-2\nFROM A-3\n')
  })
})
