import { parseJob } from '@zerolab/shared'
import { getObject, MemoryStore, runJob, type Executor, type JobRunResult } from '@zerolab/runtime'
import { createNodePool } from '@zerolab/runtime/node'
import { afterAll, describe, expect, it } from 'vitest'
import { exampleJobs } from './build.ts'
import { countWords, indexDocs, logFiles, numberFiles, wordDocs } from './data.ts'
import { listExamples, seedExamples } from './seed.ts'

// The real worker pool (worker_threads), as the CLI and the server use it.
const pool = createNodePool({ size: 2 })
const executor: Executor = pool
afterAll(() => pool.close())
const dec = new TextDecoder()

async function run(
  id: string,
  store?: MemoryStore,
): Promise<{ result: JobRunResult; store: MemoryStore }> {
  const s = store ?? new MemoryStore()
  if (!store) await seedExamples(s, { account: 'demo' })
  const ex = listExamples().find((e) => e.id === id)!
  const result = await runJob(parseJob(ex.job), {
    store: s,
    executor,
    account: 'demo',
    concurrency: 2,
  })
  return { result, store: s }
}

async function text(store: MemoryStore, container: string, name: string): Promise<string> {
  return dec.decode((await getObject(store, `demo/${container}/${name}`))!.data)
}

const fingerprint = (r: JobRunResult) =>
  r.report.instances.map((i) => ({
    name: i.name,
    status: i.status,
    etags: i.etags,
    outputs: i.outputs.map((o) => [o.path, o.etag]),
  }))

describe('examples', () => {
  it('committed job.json files match their sources', () => {
    const jobs = exampleJobs()
    for (const ex of listExamples()) expect(ex.job).toEqual(jobs[ex.id])
  })

  it.each(listExamples().map((e) => e.id))(
    '%s: three runs give identical output ETags',
    async (id) => {
      const runs = []
      for (let k = 0; k < 3; k++) runs.push((await run(id)).result)
      for (const r of runs)
        expect(
          r.report.status,
          JSON.stringify(r.report.instances.map((i) => [i.name, i.message])),
        ).toBe('ok')
      expect(fingerprint(runs[1]!)).toEqual(fingerprint(runs[0]!))
      expect(fingerprint(runs[2]!)).toEqual(fingerprint(runs[0]!))
    },
  )

  it('word count (JS and C) prints what an independent count gives', async () => {
    const docs = wordDocs(8)
    const lines = docs.map(
      (d) => `${String(countWords(d.text)).padStart(10)} wordcount-data/${d.name}`,
    )
    const total = docs.reduce((n, d) => n + countWords(d.text), 0)
    const want = [...lines, `${String(total).padStart(10)} total`].join('\n') + '\n'
    expect(dec.decode((await run('wordcount')).result.body)).toBe(want)
    expect(dec.decode((await run('wordcount-c')).result.body)).toBe(want)
  })

  it('grep keeps exactly the ERROR lines of each log', async () => {
    const { store } = await run('grep')
    for (const f of logFiles()) {
      const want = f.text.split('\n').filter((l) => l.includes('ERROR'))
      expect(await text(store, 'grep-out', f.name.replace('.log', '') + '.errors')).toBe(
        want.map((l) => l + '\n').join(''),
      )
    }
  })

  it('sort writes sorted-N.txt next to numbers-N.txt', async () => {
    const { store } = await run('sort')
    for (const f of numberFiles()) {
      const nums = f.text
        .trim()
        .split('\n')
        .map(Number)
        .sort((a, b) => a - b)
      expect(await text(store, 'sort-data', f.name.replace('numbers', 'sorted'))).toBe(
        nums.join('\n') + '\n',
      )
    }
  })

  it('top-k and the inverted index agree with independent computations', async () => {
    const { store } = await run('topk')
    const freq = new Map<string, number>()
    for (const d of wordDocs(8))
      for (const w of d.text.toLowerCase().split(/[^a-z]+/))
        if (w) freq.set(w, (freq.get(w) ?? 0) + 1)
    const top = [...freq].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, 10)
    expect(await text(store, 'topk-out', 'top10.txt')).toBe(
      top.map(([w, n]) => `${n} ${w}\n`).join(''),
    )

    const idx = await run('inverted-index')
    const got =
      (await text(idx.store, 'index-out', 'index-reduce-1.txt')) +
      (await text(idx.store, 'index-out', 'index-reduce-2.txt'))
    const index = new Map<string, Set<string>>()
    for (const d of indexDocs())
      for (const w of d.text.toLowerCase().split(/[^a-z]+/))
        if (w) index.set(w, (index.get(w) ?? new Set()).add(d.name))
    const gotLines = got.trim().split('\n').sort()
    const want = [...index].map(([w, docs]) => `${w}: ${[...docs].sort().join(' ')}`).sort()
    expect(gotLines).toEqual(want)
    expect((await idx.store.head('demo', 'index-out', 'index-reduce-1.txt'))!.meta).toEqual({
      kind: 'inverted-index',
    })
  })
})
