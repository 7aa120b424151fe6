import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseJob } from '@zerolab/shared'
import { afterAll, describe, expect, it } from 'vitest'
import { runJob } from '../../engine/runJob.ts'
import { createNodePool } from '../../node/createNodePool.ts'
import { DirStore } from '../../node/dirStore.ts'
import { READ_ALL_MAX } from './guestHost.ts'

const pool = createNodePool({ size: 1 })
const dir = mkdtempSync(join(tmpdir(), 'zerolab-js-stream-'))
afterAll(async () => {
  await pool.close()
  rmSync(dir, { recursive: true, force: true })
})

// A million 100-byte lines (95 MiB): past the 64 MiB that zerolab.read and readBytes take whole.
const LINE = 100
const LINES = 1_000_000
const lineText = (i: number): string => `line ${String(i).padStart(10, '0')} `.padEnd(LINE - 1, 'x')

/** Writes the object 1 MiB at a time, so the test itself holds no copy of it. */
async function bigObject(store: DirStore): Promise<number> {
  const w = await store.create('me', 'data', 'big.txt')
  const enc = new TextEncoder()
  let chunk = ''
  for (let i = 0; i < LINES; i++) {
    chunk += lineText(i) + '\n'
    if (chunk.length >= 1 << 20 || i === LINES - 1) {
      await w.write(w.bytes, enc.encode(chunk))
      chunk = ''
    }
  }
  await w.commit()
  return w.bytes
}

const job = (source: string, timeoutMs = 600_000) =>
  parseJob([
    {
      name: 'scan',
      exec: { image: 'js', source },
      devices: [{ name: 'input', path: 'swift://~/data/big.txt' }, { name: 'stdout' }],
      limits: { timeoutMs, memoryMb: 64 },
    },
  ])

/** Peak RSS of this process (the worker threads included) while `run` runs, sampled. */
async function peakRss<T>(run: () => Promise<T>): Promise<{ value: T; peak: number }> {
  let peak = process.memoryUsage.rss()
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 20)
  try {
    const value = await run()
    return { value, peak: Math.max(peak, process.memoryUsage.rss()) }
  } finally {
    clearInterval(timer)
  }
}

describe(
  'js image: streaming reads of an object past the whole-read cap',
  { timeout: 900_000 },
  () => {
    it('lines and readChunk stream a 95 MiB object in a 64 MiB heap, RSS flat', async () => {
      const store = new DirStore(dir)
      const size = await bigObject(store)
      expect(size).toBeGreaterThan(READ_ALL_MAX)
      const run = (source: string) => runJob(job(source), { store, executor: pool, account: 'me' })

      // The whole-channel read refuses it (its documented cap), without holding it.
      const whole = await run(`zerolab.read('input')`)
      expect(whole.report.instances[0]!.status).toBe('quota')

      const base = process.memoryUsage.rss()
      const lines = await peakRss(() =>
        run(`
        let n = 0, bytes = 0, bad = 0
        for (const line of zerolab.lines('input')) {
          if (!line.startsWith('line ' + String(n).padStart(10, '0'))) bad++
          n++
          bytes += line.length + 1
        }
        console.log(n, bytes, bad)`),
      )
      const r = lines.value.report.instances[0]!
      expect([r.status, r.message]).toEqual(['ok', undefined])
      expect(r.stdout).toBe(`${LINES} ${size} 0\n`)
      expect(r.accounting.readBytes).toBe(size)

      const chunks = await peakRss(() =>
        run(`
        let newlines = 0, bytes = 0
        for (;;) {
          const c = zerolab.readChunk('input', 1 << 20)
          if (c.length === 0) break
          bytes += c.length
          for (let i = 0; i < c.length; i++) if (c[i] === 10) newlines++
        }
        console.log(newlines, bytes)`),
      )
      const c = chunks.value.report.instances[0]!
      expect(c.status).toBe('ok')
      expect(c.stdout).toBe(`${LINES} ${size}\n`)

      // Neither run held the object (95 MiB, twice that as a string): the process grew by far
      // less than the object's size.
      const MiB = 1024 * 1024
      console.log(
        `rss before ${(base / MiB).toFixed(0)} MiB, peak with lines ${(lines.peak / MiB).toFixed(0)} MiB, with readChunk ${(chunks.peak / MiB).toFixed(0)} MiB`,
      )
      expect(lines.peak - base).toBeLessThan(48 * MiB)
      expect(chunks.peak - base).toBeLessThan(48 * MiB)
    })
  },
)
