/**
 * `pnpm bench engine`: the job engine at scale.
 * 1. Word count over ≥ 1 GB (64 × 16 MiB generated objects in a temp DirStore) with the C
 *    mapper compiled to Wasm, on all cores, against the same C compiled natively (cc -O2)
 *    run in parallel on the same files. Peak RSS of the whole process (workers included).
 * 2. A 10,000-instance job over tiny objects: overhead per instance.
 * Env: ENGINE_BENCH_OBJECTS / ENGINE_BENCH_MB to shrink the first part for a quick look.
 */
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { availableParallelism, tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseJob } from '@zerolab/shared'
import { MemoryStore, putObject, runJob, type ObjectStore, type WorkerPool } from '@zerolab/runtime'
import { DirStore, FileSpool, createNodePool } from '@zerolab/runtime/node'
import { rng, VOCABULARY } from '@zerolab/examples/data'
import { printTable, writeResult } from './lib/report.ts'

const OBJECTS = Number(process.env.ENGINE_BENCH_OBJECTS ?? 64)
const MB = Number(process.env.ENGINE_BENCH_MB ?? 16)
// Mappers of the tiny job; with its reducer, JOB_CAPS.maxInstances (10,000) instances.
const TINY = Number(process.env.ENGINE_BENCH_TINY ?? 9_999)
const cores = availableParallelism()
const repo = join(import.meta.dirname, '..')
const enc = new TextEncoder()

let peakRss = 0
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage.rss())), 50)
const maxRssBytes = (): number => Math.max(peakRss, process.resourceUsage().maxRSS * 1024)

/** ~1 MiB chunks of random words; objects are different permutations of them. */
function chunks(): Uint8Array[] {
  const r = rng(7)
  const out: Uint8Array[] = []
  for (let c = 0; c < 16; c++) {
    const words: string[] = []
    let size = 0
    while (size < 1024 * 1024 - 16) {
      const w = VOCABULARY[Math.floor(VOCABULARY.length * r() * r())]!
      words.push(w)
      size += w.length + 1
    }
    const text = words.join(' ').slice(0, 1024 * 1024 - 1) + '\n'
    out.push(enc.encode(text))
  }
  return out
}

async function generate(store: ObjectStore): Promise<number> {
  const parts = chunks()
  let total = 0
  for (let i = 0; i < OBJECTS; i++) {
    const data = new Uint8Array(MB * 1024 * 1024)
    for (let k = 0; k < MB; k++)
      data.set(parts[(i * 7 + k * 3) % parts.length]!.subarray(0, 1024 * 1024), k * 1024 * 1024)
    await putObject(store, `bench/big/part-${String(i).padStart(3, '0')}.txt`, data)
    total += data.length
  }
  return total
}

/**
 * The native mapper over the files, `cores` at a time (xargs -P), in one bash whose `times`
 * reports the children's CPU time: wall time is at the mercy of a shared machine, CPU is not.
 */
function nativeRun(bin: string, files: string[]): { ms: number; cpuMs: number; lines: string[] } {
  const list = join(tmpdir(), `zerolab-bench-files-${process.pid}`)
  writeFileSync(list, files.join('\n') + '\n')
  const started = performance.now()
  const out = execFileSync('bash', ['-c', `xargs -P ${cores} -n 1 ${bin} < ${list}; echo; times`], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  })
  const ms = performance.now() - started
  rmSync(list)
  const [counts, timesText] = out.split('\n\n')
  // `times`: shell user/sys on the first line, children user/sys (e.g. 0m1.234s 0m0.056s) on the second.
  const child = timesText!.trim().split('\n')[1]!
  const secs = [...child.matchAll(/(\d+)m([\d.]+)s/g)].map((m) => Number(m[1]) * 60 + Number(m[2]))
  return { ms, cpuMs: (secs[0]! + secs[1]!) * 1000, lines: counts!.trim().split('\n') }
}

async function bigWordCount(
  pool: WorkerPool,
  dir: string,
): Promise<Record<string, number | string>> {
  const store = new DirStore(join(dir, 'store'))
  const t0 = performance.now()
  const bytes = await generate(store)
  const genMs = performance.now() - t0
  const src = join(repo, 'examples', 'wordcount-c')
  await putObject(
    store,
    'bench/apps/wc_map.wasm',
    new Uint8Array(readFileSync(join(src, 'map.wasm'))),
  )
  await putObject(
    store,
    'bench/apps/wc_reduce.wasm',
    new Uint8Array(readFileSync(join(src, 'reduce.wasm'))),
  )
  const job = parseJob([
    {
      name: 'map',
      exec: { path: 'swift://~/apps/wc_map.wasm' },
      devices: [{ name: 'input', path: 'swift://~/big/*.txt' }],
      connect: ['reduce'],
      limits: { timeoutMs: 120_000 },
    },
    {
      name: 'reduce',
      exec: { path: 'swift://~/apps/wc_reduce.wasm' },
      devices: [{ name: 'stdout' }],
    },
  ])
  const bin = join(dir, 'wc_map_native')
  execFileSync('cc', ['-O2', '-o', bin, join(src, 'map.c')])
  const files = Array.from({ length: OBJECTS }, (_, i) =>
    join(dir, 'store', 'bench', 'big', `part-${String(i).padStart(3, '0')}.txt`),
  )
  // Native before and after the Wasm run, so a change in the machine's load shows up.
  const native1 = nativeRun(bin, files)
  const cpu0 = process.cpuUsage()
  const t1 = performance.now()
  const { report, body } = await runJob(job, {
    store,
    executor: pool,
    account: 'bench',
    concurrency: pool.size,
    spool: new FileSpool(dir),
  })
  const wasmMs = performance.now() - t1
  const cpu = process.cpuUsage(cpu0)
  const wasmCpuMs = (cpu.user + cpu.system) / 1000
  const native2 = nativeRun(bin, files)
  if (report.status !== 'ok') throw new Error(`word count failed: ${JSON.stringify(report.totals)}`)
  const total = /(\d+) total/.exec(new TextDecoder().decode(body))?.[1]
  const nativeTotal = native1.lines.reduce((n, l) => n + Number(l.split(' ')[0]), 0)
  if (String(nativeTotal) !== total)
    throw new Error(`totals differ: wasm ${total}, native ${nativeTotal}`)
  const mbps = (ms: number): number => bytes / 1048576 / (ms / 1000)
  return {
    objects: OBJECTS,
    gib: bytes / 1024 ** 3,
    words: Number(total),
    generateS: genMs / 1000,
    wasmS: wasmMs / 1000,
    nativeS: (native1.ms + native2.ms) / 2000,
    wasmMiBps: mbps(wasmMs),
    nativeMiBps: mbps((native1.ms + native2.ms) / 2),
    /** Throughput of Wasm as a fraction of native, by wall time (noisy on a shared machine). */
    ratioToNative: (native1.ms + native2.ms) / 2 / wasmMs,
    wasmCpuS: wasmCpuMs / 1000,
    nativeCpuS: (native1.cpuMs + native2.cpuMs) / 2000,
    /** Same, by CPU seconds spent (engine and workers vs the native processes). */
    cpuRatioToNative: (native1.cpuMs + native2.cpuMs) / 2 / wasmCpuMs,
  }
}

async function tinyInstances(pool: WorkerPool): Promise<Record<string, number>> {
  const store = new MemoryStore()
  for (let i = 0; i < TINY; i++)
    await putObject(
      store,
      `bench/tiny/t-${String(i).padStart(5, '0')}.txt`,
      enc.encode(`tiny object ${i}\n`),
    )
  await putObject(
    store,
    'bench/apps/wc_map.wasm',
    new Uint8Array(readFileSync(join(repo, 'examples', 'wordcount-c', 'map.wasm'))),
  )
  const job = parseJob([
    {
      name: 'map',
      exec: { path: 'swift://~/apps/wc_map.wasm' },
      devices: [{ name: 'input', path: 'swift://~/tiny/*.txt' }],
      connect: ['reduce'],
    },
    {
      name: 'reduce',
      exec: { source: 'zerolab.write("stdout", String(zerolab.list("in").length))' },
      devices: [{ name: 'stdout' }],
    },
  ])
  const t0 = performance.now()
  const { report, body } = await runJob(job, {
    store,
    executor: pool,
    account: 'bench',
    concurrency: pool.size,
  })
  const ms = performance.now() - t0
  if (report.status !== 'ok' || new TextDecoder().decode(body) !== String(TINY)) {
    throw new Error(`tiny job failed: ${JSON.stringify(report.totals)}`)
  }
  const maps = report.instances.filter((i) => i.group === 'map')
  const sandboxMs = maps.reduce((n, i) => n + i.wallMs, 0)
  return {
    instances: report.totals.instances,
    wallS: ms / 1000,
    msPerInstance: ms / report.totals.instances,
    sandboxMsPerInstance: sandboxMs / maps.length,
    engineOverheadMsPerInstance: (ms * pool.size - sandboxMs) / maps.length,
  }
}

const dir = mkdtempSync(join(tmpdir(), 'zerolab-engine-bench-'))
const pool = createNodePool({ size: cores })
const kind = 'worker pool'
try {
  console.log(`executor: ${kind}, ${pool.size} slots, ${cores} cores`)
  const big = await bigWordCount(pool, dir)
  const bigRss = maxRssBytes()
  printTable([big])
  // Issue 8, must-show 3: the word count at ≥ 0.85× native C by wall time, in ≤ 300 MiB.
  const ratio = Number(big.ratioToNative)
  const wcRssMiB = bigRss / 1048576
  const targets = { wallRatio: 0.85, wallMet: ratio >= 0.85, rssMiB: 300, rssMet: wcRssMiB <= 300 }
  console.log(
    `word count: ${ratio.toFixed(2)}× native by wall (target ≥ 0.85: ${targets.wallMet ? 'met' : 'NOT met'}), ` +
      `peak RSS ${wcRssMiB.toFixed(0)} MiB (target ≤ 300: ${targets.rssMet ? 'met' : 'NOT met'})`,
  )
  const tiny = await tinyInstances(pool)
  printTable([tiny])
  const peakRssMiB = maxRssBytes() / 1048576
  console.log(
    `peak RSS ${peakRssMiB.toFixed(0)} MiB (word count part: ${(bigRss / 1048576).toFixed(0)} MiB)`,
  )
  writeResult('engine', {
    executor: kind,
    cores,
    wordCount: big,
    tinyJob: tiny,
    peakRssMiB,
    wordCountPeakRssMiB: bigRss / 1048576,
    rssUnder1GiB: peakRssMiB < 1024,
    targets,
  })
} finally {
  clearInterval(sampler)
  pool.close()
  rmSync(dir, { recursive: true, force: true })
}
