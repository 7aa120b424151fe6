import { createHash } from 'node:crypto'
import { parseJob, type JobEvent } from '@zerolab/shared'
import { afterAll, describe, expect, it } from 'vitest'
import { compileC } from '../../test/clang.ts'
import { createNodePool } from '../node/createNodePool.ts'
import { FileSpool } from '../node/spool.ts'
import { MemoryStore } from '../store/memoryStore.ts'
import { getObject, putObject } from '../store/objectIo.ts'
import { runJob } from './runJob.ts'

const pool = createNodePool({ size: 2 })
afterAll(() => pool.close())
const utf8 = new TextDecoder()

/** What count.c prints for `data`: its size and its order-sensitive checksum. */
function countLine(data: Uint8Array): string {
  let sum = 0
  for (const b of data) sum = (Math.imul(sum, 31) + b) >>> 0
  return `${data.length} ${sum}\n`
}

/** What gen.c writes: n bytes of (i * 7) & 255. */
function genBytes(n: number): Uint8Array {
  const out = new Uint8Array(n)
  for (let i = 0; i < n; i++) out[i] = (i * 7) & 255
  return out
}

async function storeWithPrograms(): Promise<MemoryStore> {
  const store = new MemoryStore()
  await putObject(store, 'me/bin/count.wasm', compileC('count.c'))
  await putObject(store, 'me/bin/gen.wasm', compileC('gen.c'))
  await putObject(store, 'me/bin/files.wasm', compileC('files.c'))
  return store
}

describe('streaming channels (worker_threads, C compiled by clang)', () => {
  it('streams an object many times larger than a ring through a C byte counter', async () => {
    const store = await storeWithPrograms()
    const data = genBytes(9 * 1024 * 1024 + 123)
    await putObject(store, 'me/data/big.bin', data)
    const job = parseJob([
      {
        name: 'count',
        exec: { path: 'swift://~/bin/count.wasm' },
        devices: [{ name: 'stdin', path: 'swift://~/data/big.bin' }, { name: 'stdout' }],
      },
    ])
    const { report, body } = await runJob(job, { store, executor: pool, account: 'me' })
    expect(report.instances[0]!.status).toBe('ok')
    expect(utf8.decode(body)).toBe(countLine(data))
    expect(report.instances[0]!.accounting.readBytes).toBe(data.length)
  })

  it('serves seeks, pread and a second open of an object input; the output commits at ok', async () => {
    const store = await storeWithPrograms()
    await putObject(store, 'me/data/in.txt', 'hello world')
    const job = parseJob([
      {
        name: 'f',
        exec: { path: 'swift://~/bin/files.wasm' },
        devices: [
          { name: 'input', path: 'swift://~/data/in.txt' },
          { name: 'output', path: 'swift://~/res/out.txt' },
          { name: 'stdout' },
        ],
      },
    ])
    const { report, body } = await runJob(job, { store, executor: pool, account: 'me' })
    expect(report.instances[0]!.status).toBe('ok')
    expect(utf8.decode(body).split('\n').slice(0, 6)).toEqual([
      'size 11 regular 1',
      'in is dir 1',
      'at 6: world',
      'pread 0: hello',
      'end 11',
      'second open: hello',
    ])
    const out = await getObject(store, 'me/res/out.txt')
    expect(utf8.decode(out!.data)).toBe('written via stdio\n')
    expect(report.instances[0]!.outputs[0]!.etag).toBe(out!.info.etag)
    expect(report.instances[0]!.etags['/dev/output']).toBe(out!.info.etag)
  })

  it('a reader of a failed writer runs and reads what it wrote; the failed writer commits nothing', async () => {
    const store = await storeWithPrograms()
    const n = 3 * 1024 * 1024 + 5
    const job = parseJob([
      {
        name: 'gen',
        exec: { path: 'swift://~/bin/gen.wasm', args: `/dev/out/count ${n} 3` },
        devices: [{ name: 'output', path: 'swift://~/res/never.txt' }],
        connect: ['count'],
      },
      {
        name: 'count',
        exec: { path: 'swift://~/bin/count.wasm', args: '/dev/in/gen' },
        devices: [{ name: 'stdout' }],
      },
    ])
    const { report, body } = await runJob(job, {
      store,
      executor: pool,
      account: 'me',
      spool: new FileSpool(),
    })
    expect(report.instances.map((i) => [i.name, i.status, i.exitCode])).toEqual([
      ['gen', 'error', 3],
      ['count', 'ok', 0],
    ])
    expect(utf8.decode(body)).toBe(countLine(genBytes(n)))
    expect(report.instances[1]!.accounting.pipeReadBytes).toBe(n)
    expect(await store.list('me', 'res')).toEqual([])
  })

  it('a lone writer and its reader run at the same time, the pipe streamed live; a fan-in waits', async () => {
    const store = await storeWithPrograms()
    const n = 5 * 1024 * 1024 + 7
    const events: JobEvent[] = []
    const job = parseJob([
      {
        name: 'gen',
        exec: { path: 'swift://~/bin/gen.wasm', args: `/dev/out/count ${n} 0` },
        connect: ['count'],
      },
      {
        name: 'count',
        exec: { path: 'swift://~/bin/count.wasm', args: '/dev/in/gen' },
        devices: [{ name: 'stdout' }],
      },
    ])
    const opts = { store, executor: pool, account: 'me', concurrency: 2 }
    const { report, body } = await runJob(job, {
      ...opts,
      spool: new FileSpool(),
      onEvent: (e) => events.push(e),
    })
    expect(report.instances.map((i) => i.status)).toEqual(['ok', 'ok'])
    expect(utf8.decode(body)).toBe(countLine(genBytes(n)))
    // Pipes carry no ETag (ZeroVM did not digest network channels); stdout does.
    expect(report.instances[0]!.etags['/dev/out/count']).toBeUndefined()
    expect(report.instances[1]!.etags['/dev/stdout']).toBe(
      createHash('md5')
        .update(countLine(genBytes(n)))
        .digest('hex'),
    )
    const at = (type: string, name: string): number =>
      events.findIndex((e) => e.type === type && 'name' in e && e.name === name)
    expect(at('instance-started', 'count')).toBeLessThan(at('instance-finished', 'gen'))

    // Two writers into one reader: the reader starts once both ended (spooled, as before).
    const fan = parseJob([
      {
        name: 'gen',
        exec: { path: 'swift://~/bin/gen.wasm', args: `/dev/out/count 1000 0` },
        connect: ['count'],
      },
      {
        name: 'gen2',
        exec: { path: 'swift://~/bin/gen.wasm', args: `/dev/out/count 1000 0` },
        connect: ['count'],
      },
      {
        name: 'count',
        exec: { path: 'swift://~/bin/count.wasm', args: '/dev/in/gen' },
        devices: [{ name: 'stdout' }],
      },
    ])
    events.length = 0
    const r2 = await runJob(fan, {
      ...opts,
      spool: new FileSpool(),
      onEvent: (e) => events.push(e),
    })
    expect(r2.report.status).toBe('ok')
    expect(at('instance-started', 'count')).toBeGreaterThan(at('instance-finished', 'gen'))
    expect(at('instance-started', 'count')).toBeGreaterThan(at('instance-finished', 'gen2'))
  })

  it('sends stdout live while the instance runs, and keeps the report capture capped', async () => {
    const store = await storeWithPrograms()
    const events: JobEvent[] = []
    const job = parseJob([
      {
        name: 'g',
        exec: { path: 'swift://~/bin/gen.wasm', args: '/dev/stdout 300000 0' },
        devices: [{ name: 'stdout' }],
      },
    ])
    const { report } = await runJob(job, {
      store,
      executor: pool,
      account: 'me',
      captureBytes: 1000,
      onEvent: (e) => events.push(e),
    })
    const i = report.instances[0]!
    expect(i.status).toBe('ok')
    expect(i.truncated).toEqual({ stdout: true, stderr: false })
    expect(i.accounting.writeBytes).toBe(300000)
    const live = events.filter((e) => e.type === 'instance-output')
    expect(live.length).toBeGreaterThan(0)
    expect(live.every((e) => e.type === 'instance-output' && e.stream === 'stdout')).toBe(true)
    const finished = events.findIndex((e) => e.type === 'instance-finished')
    expect(events.findIndex((e) => e.type === 'instance-output')).toBeLessThan(finished)
  })
})
