/**
 * `pnpm bench chain`: a job of 40 sequential trivial stages, each stage's output piped to the
 * next (the shape of Windmill's published orchestrator benchmark), in C compiled to Wasm
 * (bench/fixtures/stage.c). Total wall time and time per stage, locally (the engine with a
 * worker_threads pool and an in-memory store, as the CLI and the browser run jobs) and on the
 * server (ZeroCloud execute against a server child process on loopback). Target: under 20 ms
 * in total on the server.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseJob } from '@zerolab/shared'
import { MemoryStore, putObject, runJob } from '@zerolab/runtime'
import { createNodePool } from '@zerolab/runtime/node'
import { printTable, quantile, writeResult } from './lib/report.ts'
import { REPO, compileC, signIn, startServer } from './lib/server.ts'

const STAGES = Number(process.env.CHAIN_STAGES ?? 40)
const RUNS = Number(process.env.CHAIN_RUNS ?? 30)
const WORKERS = 2

const name = (i: number): string => `stage-${String(i + 1).padStart(2, '0')}`

/** stage-01 → stage-02 → … → stage-40 → stdout. */
const chainJob = Array.from({ length: STAGES }, (_, i) => ({
  name: name(i),
  exec: { path: 'swift://~/bench/stage.wasm' },
  devices: i === STAGES - 1 ? [{ name: 'stdout' }] : [],
  ...(i < STAGES - 1 ? { connect: [name(i + 1)] } : {}),
}))
const expected = Array.from({ length: STAGES }, (_, i) => name(i)).join('\n') + '\n'

async function timeRuns(run: () => Promise<string>): Promise<number[]> {
  for (let i = 0; i < 3; i++) {
    const out = await run()
    if (out !== expected) throw new Error(`chain output:\n${out}`)
  }
  const ms: number[] = []
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now()
    await run()
    ms.push(performance.now() - t)
  }
  return ms
}

function row(where: string, ms: number[]): Record<string, string | number> {
  return {
    where,
    stages: STAGES,
    total_p50_ms: quantile(ms, 0.5),
    total_p90_ms: quantile(ms, 0.9),
    per_stage_p50_ms: quantile(ms, 0.5) / STAGES,
  }
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'zerolab-bench-chain-'))
  const wasm = compileC(join(REPO, 'bench/fixtures/stage.c'), join(dir, 'stage.wasm'))
  const rows: Record<string, string | number>[] = []
  const pool = createNodePool({ size: WORKERS })
  try {
    const store = new MemoryStore()
    await putObject(store, 'bench/bench/stage.wasm', wasm)
    const job = parseJob(chainJob)
    const local = await timeRuns(async () => {
      const { report, body } = await runJob(job, {
        store,
        executor: pool,
        account: 'bench',
        concurrency: WORKERS,
      })
      if (report.status !== 'ok') throw new Error(`chain: ${JSON.stringify(report.totals)}`)
      return new TextDecoder().decode(body)
    })
    rows.push(row(`local (engine, ${WORKERS} workers)`, local))
  } finally {
    pool.close()
  }
  const server = await startServer(join(dir, 'store'))
  try {
    const { storage, h } = await signIn(server.url)
    await fetch(`${storage}/bench`, { method: 'PUT', headers: h })
    await fetch(`${storage}/bench/stage.wasm`, { method: 'PUT', headers: h, body: wasm })
    const body = JSON.stringify(chainJob)
    const remote = await timeRuns(async () => {
      const r = await fetch(storage, {
        method: 'POST',
        headers: { ...h, 'X-Zerovm-Execute': '1.0', 'Content-Type': 'application/json' },
        body,
      })
      const text = await r.text()
      if (r.status !== 200) throw new Error(`execute: ${r.status} ${text}`)
      return text
    })
    rows.push(row('server (ZeroCloud execute)', remote))
  } finally {
    server.stop()
    rmSync(dir, { recursive: true, force: true })
  }
  printTable(rows)
  console.log(`target: total under 20 ms on the server`)
  writeResult('chain', {
    stages: STAGES,
    runs: RUNS,
    stage:
      'bench/fixtures/stage.c (wasm32-wasi): copies /dev/in/* to /dev/out/* or stdout, adds a line',
    results: rows,
  })
}

await main()
