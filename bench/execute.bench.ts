/**
 * `pnpm bench execute`: latency (p50/p99) and throughput of the ZeroCloud execute API on a
 * trivial job (a C program printing one line, path-less stdout) against a server started as
 * a child process on loopback, next to a plain object GET on the same server as a baseline.
 */
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { printTable, quantile, writeResult } from './lib/report.ts'
import { login, startServer } from './lib/server.ts'

const repo = join(dirname(fileURLToPath(import.meta.url)), '..')
const SEQUENTIAL = Number(process.env.BENCH_N ?? 300)
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 8)
const THROUGHPUT_MS = Number(process.env.BENCH_MS ?? 4000)

async function time(fn: () => Promise<void>): Promise<number> {
  const t = performance.now()
  await fn()
  return performance.now() - t
}

async function measure(
  name: string,
  fn: () => Promise<void>,
): Promise<Record<string, number | string>> {
  for (let i = 0; i < 20; i++) await fn() // warm-up: workers, compiled module cache, JIT
  const lat: number[] = []
  for (let i = 0; i < SEQUENTIAL; i++) lat.push(await time(fn))
  let done = 0
  const end = performance.now() + THROUGHPUT_MS
  const t0 = performance.now()
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (performance.now() < end) {
        await fn()
        done++
      }
    }),
  )
  const secs = (performance.now() - t0) / 1000
  return {
    op: name,
    p50_ms: quantile(lat, 0.5),
    p99_ms: quantile(lat, 0.99),
    mean_ms: lat.reduce((a, b) => a + b, 0) / lat.length,
    req_per_s: done / secs,
  }
}

async function main(): Promise<void> {
  const data = mkdtempSync(join(tmpdir(), 'zerolab-bench-exec-'))
  const wasm = join(data, 'hello.wasm')
  execFileSync('clang', [
    '--target=wasm32-wasi',
    '-O2',
    '-o',
    wasm,
    join(repo, 'apps/server/test/fixtures/hello.c'),
  ])
  const server = await startServer(join(data, 'store'))
  try {
    const { token, storage } = await login(server.url)
    const h = { 'X-Auth-Token': token }
    await fetch(`${storage}/bench`, { method: 'PUT', headers: h })
    await fetch(`${storage}/bench/hello.wasm`, {
      method: 'PUT',
      headers: h,
      body: readFileSync(wasm),
    })
    await fetch(`${storage}/bench/small.txt`, {
      method: 'PUT',
      headers: h,
      body: 'hello from hello\n',
    })
    const job = JSON.stringify([
      {
        name: 'hello',
        exec: { path: 'swift://~/bench/hello.wasm' },
        devices: [{ name: 'stdout' }],
      },
    ])
    const execute = async (): Promise<void> => {
      const r = await fetch(storage, {
        method: 'POST',
        headers: { ...h, 'X-Zerovm-Execute': '1.0', 'Content-Type': 'application/json' },
        body: job,
      })
      const body = await r.text()
      if (r.status !== 200 || body !== 'hello from hello\n')
        throw new Error(`execute: ${r.status} ${body} ${r.headers.get('x-nexe-error')}`)
    }
    const get = async (): Promise<void> => {
      const r = await fetch(`${storage}/bench/small.txt`, { headers: h })
      const body = await r.text()
      if (r.status !== 200 || body !== 'hello from hello\n') throw new Error(`get: ${r.status}`)
    }
    const rows = [
      await measure('object GET (baseline)', get),
      await measure('execute (trivial job)', execute),
    ]
    printTable(rows)
    writeResult('execute', {
      sequential: SEQUENTIAL,
      concurrency: CONCURRENCY,
      throughputMs: THROUGHPUT_MS,
      job: 'one instance, C hello (wasm32-wasi), path-less stdout',
      results: rows,
    })
  } finally {
    await server.stop()
    rmSync(data, { recursive: true, force: true })
  }
}

await main()
