import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parseJob } from '@zerolab/shared'
import { afterAll, describe, expect, it } from 'vitest'
import { compileC } from '../../test/clang.ts'
import { createNodePool } from '../node/createNodePool.ts'
import { MemoryStore } from '../store/memoryStore.ts'
import { getObject, putObject } from '../store/objectIo.ts'
import { runJob } from './runJob.ts'

const pool = createNodePool({ size: 2 })
afterAll(() => pool.close())

const JOBS = join(import.meta.dirname, '..', '..', 'test', 'jobs')
const job = (name: string) => parseJob(JSON.parse(readFileSync(join(JOBS, `${name}.json`), 'utf8')))
const text = (b: Uint8Array | undefined): string => new TextDecoder().decode(b)

async function storeWith(...programs: string[]): Promise<MemoryStore> {
  const s = new MemoryStore()
  for (const p of programs)
    await putObject(
      s,
      `me/bin/${p}.wasm`,
      compileC(p === 'disort' ? 'examples/disort/disort.c' : `${p}.c`),
    )
  return s
}

async function read(store: MemoryStore, path: string): Promise<string> {
  return text((await getObject(store, path))?.data)
}

describe('streaming pipes between running instances (worker_threads, C by clang)', () => {
  it("a manager/worker sample sort in disort's shape sorts as sort -n does", async () => {
    const store = await storeWith('disort')
    const { report, body } = await runJob(job('disort'), {
      store,
      executor: pool,
      account: 'me',
      concurrency: 2,
    })
    expect(report.instances.map((i) => [i.name, i.status])).toEqual([
      ['src-1', 'ok'],
      ['src-2', 'ok'],
      ['src-3', 'ok'],
      ['man', 'ok'],
      ['dst-1', 'ok'],
      ['dst-2', 'ok'],
    ])
    const inputs = await Promise.all(
      ['src-1', 'src-2', 'src-3'].map((n) => read(store, `me/disort/in-${n}.txt`)),
    )
    const sorted = execFileSync('sort', ['-n'], { input: inputs.join(''), encoding: 'utf8' })
    const out1 = await read(store, 'me/disort/out-dst-1.txt')
    const out2 = await read(store, 'me/disort/out-dst-2.txt')
    expect(sorted.split('\n')).toHaveLength(6001)
    expect(out1 + out2).toBe(sorted)
    // Both reducers got a share (the splitters came from the workers' samples).
    const n1 = out1.split('\n').length - 1
    expect(text(body)).toBe(
      `dst-1 ${n1} ${out1.split('\n')[0]} ${out1.split('\n').at(-2)}\n` +
        `dst-2 ${6000 - n1} ${out2.split('\n')[0]} ${out2.split('\n').at(-2)}\n` +
        '3 workers, 2 reducers, 6000 numbers\n',
    )
    expect(n1).toBeGreaterThan(0)
    expect(n1).toBeLessThan(6000)
  })

  it('the reader of a failed writer still runs and sees what was written, then end-of-file', async () => {
    const store = await storeWith('failwriter', 'listpeers')
    const { report, body } = await runJob(job('failwriter'), {
      store,
      executor: pool,
      account: 'me',
    })
    const [writer, reader] = report.instances
    expect([writer!.name, writer!.status, writer!.exitCode]).toEqual(['writer', 'error', 3])
    expect(writer!.stderr).toBe('failing on purpose\n')
    expect([reader!.name, reader!.status]).toEqual(['reader', 'ok'])
    // The body: every instance's first path-less device in order, the failed writer's too.
    expect(text(body)).toBe(`failing on purpose\nwriter ${'partial from writer\n'.length}\n`)
    expect(report.status).toBe('failed')
  })
})
