/**
 * `pnpm bench execute`: latency (p50/p99) and throughput of the ZeroCloud execute API on two
 * trivial jobs (a C program and a JS one-liner, each printing one line to path-less stdout)
 * against a server started as a child process on loopback, next to a plain object GET of a
 * small object on the same server as the baseline, with the ratios to it. Also the server's
 * CPU time per request (all its threads), which a loaded machine disturbs far less than
 * wall time.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { printTable, quantile, writeResult } from './lib/report.ts'
import { REPO, compileC, processCpuMs, signIn, startServer } from './lib/server.ts'

const SEQUENTIAL = Number(process.env.BENCH_N ?? 300)
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 8)
const THROUGHPUT_MS = Number(process.env.BENCH_MS ?? 4000)
const HELLO = 'hello from hello\n'

interface Row {
  op: string
  p50_ms: number
  p99_ms: number
  mean_ms: number
  req_per_s: number
  server_cpu_ms_per_req: number
}

async function time(fn: () => Promise<void>): Promise<number> {
  const t = performance.now()
  await fn()
  return performance.now() - t
}

/** Sequential latencies, then `CONCURRENCY` clients for `THROUGHPUT_MS`. */
async function measure(name: string, pid: number, fn: () => Promise<void>): Promise<Row> {
  const lat: number[] = []
  for (let i = 0; i < SEQUENTIAL; i++) lat.push(await time(fn))
  let done = 0
  const end = performance.now() + THROUGHPUT_MS
  const cpu0 = processCpuMs(pid)
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
    server_cpu_ms_per_req: (processCpuMs(pid) - cpu0) / done,
  }
}

async function main(): Promise<void> {
  const data = mkdtempSync(join(tmpdir(), 'zerolab-bench-exec-'))
  const wasm = compileC(join(REPO, 'apps/server/test/fixtures/hello.c'), join(data, 'hello.wasm'))
  const server = await startServer(join(data, 'store'))
  try {
    const { storage, h } = await signIn(server.url)
    await fetch(`${storage}/bench`, { method: 'PUT', headers: h })
    await fetch(`${storage}/bench/hello.wasm`, { method: 'PUT', headers: h, body: wasm })
    await fetch(`${storage}/bench/small.txt`, { method: 'PUT', headers: h, body: HELLO })
    const execute = (job: unknown) => {
      const body = JSON.stringify(job)
      return async (): Promise<void> => {
        const r = await fetch(storage, {
          method: 'POST',
          headers: { ...h, 'X-Zerovm-Execute': '1.0', 'Content-Type': 'application/json' },
          body,
        })
        const text = await r.text()
        if (r.status !== 200 || text !== HELLO)
          throw new Error(`execute: ${r.status} ${text} ${r.headers.get('x-nexe-error')}`)
      }
    }
    const get = async (): Promise<void> => {
      const r = await fetch(`${storage}/bench/small.txt`, { headers: h })
      const body = await r.text()
      if (r.status !== 200 || body !== HELLO) throw new Error(`get: ${r.status}`)
    }
    const stdout = [{ name: 'stdout' }]
    const cJob = [{ name: 'hello', exec: { path: 'swift://~/bench/hello.wasm' }, devices: stdout }]
    const jsJob = [
      {
        name: 'hello',
        exec: { source: `console.log(${JSON.stringify('hello from hello')})` },
        devices: stdout,
      },
    ]
    // Warm-up of every operation before any measurement: worker boot, compiled modules, JIT.
    const ops = [get, execute(cJob), execute(jsJob)]
    for (const op of ops) for (let i = 0; i < 30; i++) await op()
    const base = await measure('object GET (baseline)', server.child.pid!, ops[0]!)
    const rows = [
      base,
      await measure('execute trivial C job', server.child.pid!, ops[1]!),
      await measure('execute trivial JS job', server.child.pid!, ops[2]!),
    ]
    const ratios = rows.slice(1).map((r) => ({
      op: r.op,
      throughput_vs_get: r.req_per_s / base.req_per_s,
      p50_vs_get: r.p50_ms / base.p50_ms,
      cpu_vs_get: r.server_cpu_ms_per_req / base.server_cpu_ms_per_req,
    }))
    printTable(rows as unknown as Record<string, number | string>[])
    console.log('\nratios to the GET in this run (targets: throughput ≥ 0.8, p50 ≤ 1.25)')
    printTable(ratios)
    writeResult('execute', {
      sequential: SEQUENTIAL,
      concurrency: CONCURRENCY,
      throughputMs: THROUGHPUT_MS,
      jobs: {
        c: 'one instance, C hello (wasm32-wasi, clang -O2), path-less stdout',
        js: 'one instance, console.log one line (js image), path-less stdout',
      },
      results: rows,
      ratios,
    })
  } finally {
    server.stop()
    rmSync(data, { recursive: true, force: true })
  }
}

await main()
