import { parseJob, ZeroLabError } from '@zerolab/shared'
import { describe, expect, it } from 'vitest'
import { MemoryStore } from '../store/memoryStore.ts'
import { putObject } from '../store/objectIo.ts'
import { expandJob } from './expand.ts'
import { closeInstance, openInstance } from './buildSpec.ts'
import { readWhole } from './hostIo.ts'
import { MemorySpool } from './spool.ts'

const enc = new TextEncoder()

async function storeWith(objects: Record<string, string>): Promise<MemoryStore> {
  const s = new MemoryStore()
  for (const [path, v] of Object.entries(objects))
    await putObject(s, path, enc.encode(v), { meta: { src: 'test' } })
  return s
}

const exec = { source: 'x' }

async function expand(groups: unknown[], store: MemoryStore, account = 'me') {
  return expandJob(parseJob(groups), store, { account })
}

async function expandError(groups: unknown[], store: MemoryStore): Promise<ZeroLabError> {
  try {
    await expand(groups, store)
  } catch (e) {
    expect(e).toBeInstanceOf(ZeroLabError)
    return e as ZeroLabError
  }
  throw new Error('expanded')
}

const outs = (plan: Awaited<ReturnType<typeof expand>>, dev: string) =>
  plan.instances.map((i) => {
    const o = i.devices.find((d) => d.name === dev)?.object
    return o && `${o.account}/${o.container}/${o.object}`
  })

describe('expansion (zerocloud.md §1.4–1.6)', () => {
  const data = {
    'me/data/binary_log_1.data': 'a',
    'me/data/binary_log_22.data': 'bb',
    'me/data/binary_log_345.data': 'ccc',
    'me/data/other.txt': 'o',
    'me/logs-a/x.txt': 'x',
    'me/logs-b/y.txt': 'y',
    'me/misc/z.txt': 'z',
    'other/data/q.txt': 'q',
  }

  it('one instance keeps the group name; N instances are name-1 … name-N; ids run across the job', async () => {
    const plan = await expand(
      [
        { name: 'solo', exec },
        { name: 'w', exec, count: 3 },
      ],
      await storeWith(data),
    )
    expect(plan.instances.map((i) => [i.id, i.name])).toEqual([
      [1, 'solo'],
      [2, 'w-1'],
      [3, 'w-2'],
      [4, 'w-3'],
    ])
  })

  it('a readable * in the object gives one instance per matched object; count is ignored', async () => {
    const plan = await expand(
      [
        {
          name: 'sort',
          exec,
          count: 7,
          devices: [{ name: 'stdin', path: 'swift://me/data/binary_log_*.data' }],
        },
      ],
      await storeWith(data),
    )
    expect(plan.instances.map((i) => i.name)).toEqual(['sort-1', 'sort-2', 'sort-3'])
    expect(outs(plan, 'stdin')).toEqual([
      'me/data/binary_log_1.data',
      'me/data/binary_log_22.data',
      'me/data/binary_log_345.data',
    ])
  })

  it('a * in the container matches containers', async () => {
    const plan = await expand(
      [{ name: 'g', exec, devices: [{ name: 'input', path: 'swift://~/logs-*/*.txt' }] }],
      await storeWith(data),
    )
    expect(outs(plan, 'input')).toEqual(['me/logs-a/x.txt', 'me/logs-b/y.txt'])
  })

  it('captured text fills writable wildcards in order (binary_log_345 → sorted_log_345)', async () => {
    const plan = await expand(
      [
        {
          name: 'sort',
          exec,
          devices: [
            { name: 'stdin', path: 'swift://me/data/binary_log_*.data' },
            { name: 'stdout', path: 'swift://me/data/sorted_log_*.data' },
            { name: 'stderr' },
          ],
        },
      ],
      await storeWith(data),
    )
    expect(outs(plan, 'stdout')).toEqual([
      'me/data/sorted_log_1.data',
      'me/data/sorted_log_22.data',
      'me/data/sorted_log_345.data',
    ])
    const two = await expand(
      [
        {
          name: 'g',
          exec,
          devices: [
            { name: 'input', path: 'swift://~/logs-*/*.txt' },
            { name: 'output', path: 'swift://~/out/*-*.n' },
          ],
        },
      ],
      await storeWith(data),
    )
    expect(outs(two, 'output')).toEqual(['me/out/a-x.n', 'me/out/b-y.n'])
  })

  it('without a readable wildcard, * in a writable path becomes the instance name', async () => {
    const plan = await expand(
      [
        {
          name: 'reducer',
          exec,
          count: 3,
          devices: [{ name: 'output', path: 'swift://~/res/out-*.txt' }],
        },
      ],
      await storeWith(data),
    )
    expect(outs(plan, 'output')).toEqual([
      'me/res/out-reducer-1.txt',
      'me/res/out-reducer-2.txt',
      'me/res/out-reducer-3.txt',
    ])
  })

  const errorCases: { title: string; group: object; want: { code?: string; message: string } }[] = [
    {
      title: 'no match is an error',
      group: { devices: [{ name: 'input', path: 'swift://~/data/*.csv' }] },
      want: {
        code: 'NO_MATCH',
        message: 'groups[0].devices[0].path: no object matches swift://~/data/*.csv',
      },
    },
    {
      title: 'a fixed writable path in a multi-instance group is an error',
      group: { count: 2, devices: [{ name: 'output', path: 'swift://~/res/out.txt' }] },
      want: {
        message:
          'groups[0].devices[0].path: fixed writable path in a group of 2 instances; use * to name one object per instance',
      },
    },
    {
      title: 'with a readable wildcard, writable paths must use * or have no path',
      group: {
        devices: [
          { name: 'stdin', path: 'swift://me/data/other*' },
          { name: 'stdout', path: 'swift://me/data/fixed' },
        ],
      },
      want: {
        message:
          'groups[0].devices[1].path: a readable device uses a wildcard, so writable paths must use * or have no path',
      },
    },
    {
      title: 'more writable wildcards than captured parts is an error',
      group: {
        devices: [
          { name: 'stdin', path: 'swift://me/data/other*' },
          { name: 'stdout', path: 'swift://me/o/*-*' },
        ],
      },
      want: { message: 'groups[0].devices[1].path: 2 wildcards but the readable path captures 1' },
    },
    {
      title: 'two instances writing the same object is an error',
      group: {
        devices: [
          { name: 'input', path: 'swift://~/*/*' },
          { name: 'output', path: 'swift://~/o/*' },
        ],
      },
      want: {
        message: 'groups[0].devices[1].path: g-1 and g-2 would both write swift://me/o/data',
      },
    },
    {
      title: 'a missing fixed input is an error before anything runs',
      group: { devices: [{ name: 'stdin', path: 'swift://~/data/nope' }] },
      want: {
        code: 'NOT_FOUND',
        message: 'groups[0].devices[0].path: no such object swift://~/data/nope',
      },
    },
  ]

  it.each(errorCases)('$title', async ({ group, want }) => {
    const e = await expandError([{ name: 'g', exec, ...group }], await storeWith(data))
    expect({ code: e.code, message: e.message }).toMatchObject(want)
  })

  it("~ and . mean the caller's own account; other accounts stay as written", async () => {
    const store = await storeWith(data)
    const a = await expand(
      [{ name: 'g', exec, devices: [{ name: 'stdin', path: 'swift://./misc/z.txt' }] }],
      store,
    )
    expect(outs(a, 'stdin')).toEqual(['me/misc/z.txt'])
    const b = await expand(
      [{ name: 'g', exec, devices: [{ name: 'stdin', path: 'swift://~/data/q.txt' }] }],
      store,
      'other',
    )
    expect(outs(b, 'stdin')).toEqual(['other/data/q.txt'])
    const c = await expand(
      [{ name: 'g', exec, devices: [{ name: 'stdin', path: 'swift://other/data/q.txt' }] }],
      store,
    )
    expect(outs(c, 'stdin')).toEqual(['other/data/q.txt'])
  })

  it('connect wires all-to-all without self-links (the three-tier example: 14 /dev/out per mapper)', async () => {
    const inputs = Object.fromEntries(
      Array.from({ length: 10 }, (_, i) => [`me/in/part${i}.txt`, String(i)]),
    )
    const plan = await expand(
      [
        {
          name: 'mapper',
          exec,
          devices: [{ name: 'stdin', path: 'swift://~/in/*.txt' }],
          connect: ['mapper', 'reducer'],
        },
        { name: 'reducer', exec, count: 5, connect: ['manager'] },
        { name: 'manager', exec },
      ],
      await storeWith(inputs),
    )
    const m3 = plan.instances.find((i) => i.name === 'mapper-3')!
    expect(m3.outPeers).toHaveLength(14)
    expect(m3.outPeers).not.toContain('mapper-3')
    expect(m3.inPeers).toHaveLength(9)
    const r2 = plan.instances.find((i) => i.name === 'reducer-2')!
    expect(r2.inPeers).toEqual(Array.from({ length: 10 }, (_, i) => `mapper-${i + 1}`))
    expect(r2.outPeers).toEqual(['manager'])
    expect(plan.instances.find((i) => i.name === 'manager')!.inPeers).toEqual([
      'reducer-1',
      'reducer-2',
      'reducer-3',
      'reducer-4',
      'reducer-5',
    ])
  })

  it('zvm:// routes a writable device to a reader device: writer keeps /dev/stdout, reader gets /dev/stdin', async () => {
    const store = await storeWith(data)
    const plan = await expand(
      [
        { name: 'a', exec, count: 2, devices: [{ name: 'stdout', path: 'zvm://b:stdin' }] },
        { name: 'b', exec, devices: [{ name: 'stdout' }] },
      ],
      store,
    )
    const b = plan.instances.find((i) => i.name === 'b')!
    expect(b.zvmIn.map((z) => [z.source, z.fromAlias, z.toDevice])).toEqual([
      ['a-1', '/dev/stdout', 'stdin'],
      ['a-2', '/dev/stdout', 'stdin'],
    ])
    expect(b.upstream).toEqual([1, 2])
    expect(plan.instances[0]!.outPeers).toEqual([])
    const spool = new MemorySpool()
    await spool.put('zvm:a-1:/dev/stdout', enc.encode('one,'))
    await spool.put('zvm:a-2:/dev/stdout', enc.encode('two'))
    const opened = await openInstance(b, {
      plan,
      store,
      spool,
      program: { image: 'js', code: '', hash: '' },
      captureBytes: 1024,
      bodyBytes: 1024,
    })
    const stdin = opened.channels.find((c) => c.spec.alias === '/dev/stdin')!
    expect(new TextDecoder().decode(await readWhole(stdin.source!, 1024))).toBe('one,two')
    await closeInstance(opened)
  })

  it('attach: default is the last-declared readable device; attach names another; LOCAL_* env', async () => {
    const store = await storeWith(data)
    const plan = await expand(
      [
        {
          name: 'g',
          exec,
          devices: [
            { name: 'stdin', path: 'swift://~/misc/z.txt' },
            { name: 'input', path: 'swift://~/data/other.txt' },
            { name: 'stdout', path: 'swift://~/res/o.txt' },
          ],
        },
        {
          name: 'h',
          exec,
          attach: 'stdin',
          devices: [
            { name: 'stdin', path: 'swift://~/misc/z.txt' },
            { name: 'input', path: 'swift://~/data/other.txt' },
          ],
        },
      ],
      store,
    )
    expect(plan.instances[0]!.attached!.name).toBe('input')
    expect(plan.instances[1]!.attached!.name).toBe('stdin')
    const opened = await openInstance(plan.instances[0]!, {
      plan,
      store,
      spool: new MemorySpool(),
      program: { image: 'js', code: '', hash: '' },
      captureBytes: 1024,
      bodyBytes: 1024,
    })
    await closeInstance(opened)
    const spec = opened.spec
    expect(spec.env).toMatchObject({
      LOCAL_OBJECT: 'on',
      LOCAL_PATH_INFO: '/me/data/other.txt',
      LOCAL_DOCUMENT_ROOT: '/dev/input',
      LOCAL_CONTENT_LENGTH: '1',
      LOCAL_HTTP_ETAG: 'd95679752134a2d9eb61dbd7b91c4bcc',
      LOCAL_HTTP_X_OBJECT_META_SRC: 'test',
      SCRIPT_NAME: 'g',
    })
    expect(spec.channels.map((c) => c.alias)).toEqual([
      '/dev/stdin',
      '/dev/input',
      '/dev/stdout',
      '/dev/stderr',
    ])
  })

  it('instance names that clash across groups are an error', async () => {
    const e = await expandError(
      [
        { name: 'w', exec, count: 2 },
        { name: 'w-1', exec },
      ],
      await storeWith(data),
    )
    expect(e.message).toBe(
      'groups[1].name: instance name "w-1" clashes with an instance of groups[0]',
    )
  })

  it('replicate > 1 is accepted and reported as unsupported', async () => {
    const plan = await expand([{ name: 'g', exec, replicate: 3 }], await storeWith(data))
    expect(plan.warnings).toEqual([
      'groups[0].replicate: 3 copies requested; replication is not supported, one copy runs',
    ])
    expect(plan.instances).toHaveLength(1)
  })
})
