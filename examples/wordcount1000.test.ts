import { parseJob } from '@zerolab/shared'
import { MemoryStore, putObject, runJob, type Executor } from '@zerolab/runtime'
import { createNodePool } from '@zerolab/runtime/node'
import { afterAll, describe, expect, it } from 'vitest'
import { countWords, wordDocs } from './data.ts'
import { listExamples } from './seed.ts'

// The real worker pool (worker_threads), as the CLI and the server use it.
const pool = createNodePool({ size: 2 })
const executor: Executor = pool
afterAll(() => pool.close())
const enc = new TextEncoder()

describe('word count over 1,000 generated objects', () => {
  it('equals an independent count', async () => {
    const store = new MemoryStore()
    const docs = wordDocs(1000, { seed: 42 })
    for (const d of docs)
      await putObject(store, `demo/${d.container}/${d.name}`, enc.encode(d.text))
    const job = parseJob(listExamples().find((e) => e.id === 'wordcount')!.job)
    const { report, body } = await runJob(job, { store, executor, account: 'demo', concurrency: 2 })
    expect(report.status).toBe('ok')
    expect(report.totals.instances).toBe(1001)
    const lines = new TextDecoder().decode(body).trimEnd().split('\n')
    const counts = new Map(
      lines.map((l) => l.trim().split(/\s+/)).map(([n, name]) => [name!, Number(n)]),
    )
    const want = new Map(docs.map((d) => [`wordcount-data/${d.name}`, countWords(d.text)]))
    const total = [...want.values()].reduce((a, b) => a + b, 0)
    expect(counts.get('total')).toBe(total)
    counts.delete('total')
    expect(counts).toEqual(want)
  })
})
