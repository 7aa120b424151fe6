import { parseJob } from '@zerolab/shared'
import {
  getObject,
  MemoryStore,
  md5Hex,
  runJob,
  type Executor,
  type JobRunResult,
} from '@zerolab/runtime'
import { createNodePool } from '@zerolab/runtime/node'
import { createNodeCompiler } from '@zerolab/cc/node'
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { COMPILED_WASM, exampleJobs } from './build.ts'
import { countWords, indexDocs, logFiles, numberFiles, salesFiles, wordDocs } from './data.ts'
import { listExamples, seedExamples } from './seed.ts'

// The real worker pool (worker_threads), as the CLI and the server use it.
const pool = createNodePool({ size: 2 })
const executor: Executor = pool
// C examples compile as on the server; the first compile loads clang (seconds).
const compiler = createNodeCompiler()
afterAll(async () => {
  compiler.close()
  await pool.close()
})
// Python examples need python.wasm: built once (10-15 min on a fresh machine), then cached.
beforeAll(() => {
  const build = join(import.meta.dirname, '../scripts/python-wasm/build.sh')
  execFileSync('bash', [build], { stdio: ['ignore', 'inherit', 'inherit'] })
}, 3_600_000)
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
    compile: compiler.compile,
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

describe('examples', { timeout: 600_000 }, () => {
  it('committed job.json files match their sources', () => {
    const jobs = exampleJobs()
    for (const ex of listExamples()) expect(ex.job).toEqual(jobs[ex.id])
  })

  it('committed .wasm programs are, byte for byte, what the compiler makes of their C', async () => {
    for (const w of COMPILED_WASM) {
      const r = await compiler.compile({ lang: w.lang, source: w.source })
      expect(r.ok && r.hash, w.file).toBe(md5Hex(readFileSync(join(import.meta.dirname, w.file))))
    }
  })

  it('sizeof prints the size of its stdin object', async () => {
    const doc = wordDocs(8)[0]!
    expect(doc.name).toBe('doc-1.txt')
    const { result } = await run('sizeof')
    expect(dec.decode(result.body)).toBe(`${new TextEncoder().encode(doc.text).length}\n`)
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

  it('word count (JS, C and Python) prints what an independent count gives', async () => {
    const docs = wordDocs(8)
    const lines = docs.map(
      (d) => `${String(countWords(d.text)).padStart(10)} wordcount-data/${d.name}`,
    )
    const total = docs.reduce((n, d) => n + countWords(d.text), 0)
    const want = [...lines, `${String(total).padStart(10)} total`].join('\n') + '\n'
    expect(dec.decode((await run('wordcount')).result.body)).toBe(want)
    expect(dec.decode((await run('wordcount-c')).result.body)).toBe(want)
    expect(dec.decode((await run('wordcount-py')).result.body)).toBe(want)
  })

  it('grep in Python writes what the JS grep writes', async () => {
    const js = (await run('grep')).store
    const py = (await run('grep-py')).store
    for (const f of logFiles()) {
      const name = f.name.replace('.log', '') + '.errors'
      expect(await text(py, 'grep-py-out', name)).toBe(await text(js, 'grep-out', name))
    }
  })

  it('CSV aggregation in Python sums each region as an independent sum does', async () => {
    const sums = new Map<string, { n: number; cents: number }>()
    for (const f of salesFiles()) {
      for (const row of f.text.trim().split('\n').slice(1)) {
        const [, region, , , amount] = row.split(',')
        const s = sums.get(region!) ?? { n: 0, cents: 0 }
        s.n += 1
        s.cents += Math.round(Number(amount) * 100)
        sums.set(region!, s)
      }
    }
    const rows = [...sums].sort((a, b) => b[1].cents - a[1].cents)
    const want = ['region,orders,amount']
    for (const [region, s] of rows) want.push(`${region},${s.n},${(s.cents / 100).toFixed(2)}`)
    expect(dec.decode((await run('csv-py')).result.body)).toBe(want.join('\n') + '\n')
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
