/**
 * `pnpm bench runtime`: spawn-to-exit latency of a trivial instance per image through a warm
 * Node worker pool, and word-count throughput over a generated 64 MiB corpus in each image
 * against native baselines (`cc -O2`, the same JS run directly in Node).
 */
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { InstanceSpec } from '@zerolab/shared'
import { createNodePool } from '@zerolab/runtime/node'
import { Prng } from '../packages/runtime/src/sandbox/common/prng.ts'
import { runInstance } from '../packages/runtime/src/sandbox/runInstance.ts'
import { compileC, compileNative, FIXTURES } from '../packages/runtime/test/clang.ts'
import { buildComponent } from '../packages/runtime/test/componentBuild.ts'
import { TRIVIAL_WAT } from '../packages/runtime/test/hostile.ts'
import { makeSpec } from '../packages/runtime/test/spec.ts'
import { wat } from '../packages/runtime/test/wat.ts'
import { printTable, quantile, writeResult } from './lib/report.ts'

const CORPUS_BYTES = 64 * 1024 * 1024
const MB = 1024 * 1024
const pool = createNodePool({ size: 1 })

function makeCorpus(): Uint8Array {
  const prng = new Prng('bench', 'corpus')
  const words = Array.from({ length: 2000 }, (_, i) => {
    const len = 1 + (prng.nextU32() % 10)
    let w = ''
    for (let j = 0; j < len; j++) w += String.fromCharCode(97 + ((prng.nextU32() + i) % 26))
    return new TextEncoder().encode(w)
  })
  const out = new Uint8Array(CORPUS_BYTES)
  let at = 0
  while (at < CORPUS_BYTES) {
    const w = words[prng.nextU32() % words.length]!
    out.set(w.subarray(0, CORPUS_BYTES - at), at)
    at += w.length
    if (at < CORPUS_BYTES) out[at++] = prng.nextU32() % 12 === 0 ? 10 : 32
  }
  return out
}

const data = makeCorpus()
const dir = mkdtempSync(join(tmpdir(), 'zerolab-bench-'))

interface Latency {
  image: string
  program: string
  p50us: number | null
  p99us: number | null
  note?: string
}

async function latency(
  image: string,
  program: string,
  spec: InstanceSpec,
  n: number,
): Promise<Latency> {
  const first = await pool.run(spec)
  if (first.status !== 'ok') {
    return { image, program, p50us: null, p99us: null, note: `${first.status}: ${first.message}` }
  }
  for (let i = 0; i < Math.min(200, n); i++) await pool.run(spec)
  const xs: number[] = []
  for (let i = 0; i < n; i++) {
    const t = performance.now()
    await pool.run(spec)
    xs.push((performance.now() - t) * 1000)
  }
  return { image, program, p50us: quantile(xs, 0.5), p99us: quantile(xs, 0.99) }
}

interface Sample {
  cpu: number
  wall: number
  words: string
}

interface Throughput {
  run: string
  /** MB/s over CPU time (the machine may be shared; wall time is reported too). */
  mbps: number | null
  cpuSeconds: number | null
  seconds: number | null
  words: string
  note?: string
}

/** A way to count the corpus' words once; a string answer is why it cannot run. */
interface Runner {
  run: string
  rounds: number
  sample: () => Promise<Sample | string>
}

const decodeWords = (b: Uint8Array | undefined): string => new TextDecoder().decode(b).trim()

/** Each run gets a fresh copy of the corpus, transferred (not cloned) to the worker. */
const inPool =
  (make: (input: Uint8Array) => InstanceSpec) => async (): Promise<Sample | string> => {
    const spec = make(data.slice())
    const t = performance.now()
    const r = await pool.run(spec, { transfer: true })
    const wall = (performance.now() - t) / 1000
    if (r.status !== 'ok') return `${r.status}: ${r.message}`
    return { cpu: r.accounting.cpuMs / 1000, wall, words: decodeWords(r.outputs['/dev/stdout']) }
  }

/** The same image code without the worker hop, to separate the sandbox from the pool. */
const inProcessCtx = {
  cache: new Map<string, unknown>(),
  cpuNow: (): number => {
    const u = process.cpuUsage()
    return (u.user + u.system) / 1000
  },
}
const inProcess =
  (make: (input: Uint8Array) => InstanceSpec) => async (): Promise<Sample | string> => {
    const r = await runInstance(make(data), inProcessCtx)
    if (r.status !== 'ok') return `${r.status}: ${r.message}`
    const words = decodeWords(r.outputs['/dev/stdout'])
    return { cpu: r.accounting.cpuMs / 1000, wall: r.accounting.wallMs / 1000, words }
  }

/** CPU seconds of the native child from bash's `time` (rusage, ms precision), else wall time. */
const nativeC = (file: string) => async (): Promise<Sample> => {
  const exe = compileNative('wordcount.c')
  const out = join(dir, 'native.out')
  const script = 'TIMEFORMAT="%3U %3S"; time "$0" < "$1" > "$2"'
  const t = performance.now()
  const r = spawnSync('bash', ['-c', script, exe, file, out], { encoding: 'utf8' })
  const wall = (performance.now() - t) / 1000
  const [user, sys] = r.stderr.trim().split(/\s+/).map(Number)
  const cpu = user !== undefined && sys !== undefined && !isNaN(user + sys) ? user + sys : wall
  return { cpu: Math.max(cpu, 0.001), wall, words: readFileSync(out, 'utf8').trim() }
}

/** The js image's guest source, run as-is in Node with a minimal `zerolab` over the corpus. */
const nodeJs = (src: string) => async (): Promise<Sample> => {
  const program = new Function('zerolab', 'console', src) as (z: unknown, c: unknown) => void
  let words = ''
  const zerolab = { readBytes: () => data, read: () => '', list: () => ['stdin'] }
  const c0 = process.cpuUsage()
  const t = performance.now()
  program(zerolab, { log: (w: unknown) => (words = String(w)) })
  const wall = (performance.now() - t) / 1000
  const c = process.cpuUsage(c0)
  return { cpu: (c.user + c.system) / 1e6, wall, words }
}

/** Runs the runners round-robin (so a busy machine hurts them alike) and keeps each one's best. */
async function measure(runners: Runner[]): Promise<Throughput[]> {
  const samples = new Map<string, Sample[]>(runners.map((r) => [r.run, []]))
  const notes = new Map<string, string>()
  const rounds = Math.max(...runners.map((r) => r.rounds))
  for (let i = 0; i < rounds; i++) {
    for (const r of runners) {
      if (i >= r.rounds || notes.has(r.run)) continue
      const s = await r.sample()
      if (typeof s === 'string') notes.set(r.run, s)
      else samples.get(r.run)!.push(s)
    }
  }
  return runners.map(({ run }) => {
    const xs = samples.get(run)!
    const note = notes.get(run)
    if (note !== undefined || xs.length === 0) {
      return { run, mbps: null, cpuSeconds: null, seconds: null, words: '', note: note ?? 'n/a' }
    }
    const cpu = Math.min(...xs.map((x) => x.cpu))
    const wall = Math.min(...xs.map((x) => x.wall))
    return {
      run,
      mbps: CORPUS_BYTES / MB / cpu,
      cpuSeconds: cpu,
      seconds: wall,
      words: xs[0]!.words,
    }
  })
}

function componentOrNull(name: string): Uint8Array | null {
  try {
    return buildComponent(name)
  } catch (e) {
    console.error(`component build failed: ${(e as Error).message}`)
    return null
  }
}

const big = { memoryBytes: 1024 * MB, timeoutMs: 600_000 }
const trivialComponent = componentOrNull('trivial.c')
const latencies = [
  await latency('wasm', 'WAT, empty _start', makeSpec({ code: await wat(TRIVIAL_WAT) }), 3000),
  await latency('wasm', 'C, return 0', makeSpec({ code: compileC('trivial.c') }), 2000),
  await latency('js', "''", makeSpec({ code: '', image: 'js' }), 500),
  trivialComponent
    ? await latency(
        'component',
        'C, return 0',
        makeSpec({ code: trivialComponent, image: 'component' }),
        500,
      )
    : {
        image: 'component',
        program: 'C, return 0',
        p50us: null,
        p99us: null,
        note: 'build failed',
      },
]
console.log('\nspawn-to-exit latency, warm pool of 1 worker')
printTable(
  latencies.map((l) => ({
    image: l.image,
    program: l.program,
    'p50 µs': l.p50us === null ? 'n/a' : l.p50us,
    'p99 µs': l.p99us === null ? 'n/a' : l.p99us,
    note: l.note ?? '',
  })),
)

const file = join(dir, 'corpus.txt')
writeFileSync(file, data)
const stdin =
  (code: Uint8Array | string, image: InstanceSpec['program']['image']) =>
  (input: Uint8Array): InstanceSpec =>
    makeSpec({ code, image, stdin: input, limits: big })
const wcComponent = componentOrNull('wordcount.c')
const jsSource = readFileSync(join(FIXTURES, 'wordcount.js'), 'utf8')
const wcWasm = compileC('wordcount.c')
const NATIVE_C = 'C native (cc -O2)'
const NODE_JS = 'JS in Node (same source)'
const runners: Runner[] = [
  { run: NATIVE_C, rounds: 8, sample: nativeC(file) },
  { run: 'C in wasm image', rounds: 8, sample: inPool(stdin(wcWasm, 'wasm')) },
  { run: 'C in wasm image, in-process', rounds: 8, sample: inProcess(stdin(wcWasm, 'wasm')) },
  {
    run: 'C in component image',
    rounds: 4,
    sample: wcComponent ? inPool(stdin(wcComponent, 'component')) : async () => 'build failed',
  },
  { run: NODE_JS, rounds: 4, sample: nodeJs(jsSource) },
  { run: 'JS in js image', rounds: 1, sample: inPool(stdin(jsSource, 'js')) },
]
const measured = await measure(runners)
const baseOf = (t: Throughput): Throughput | undefined =>
  measured.find((m) => m.run === (t.run.startsWith('JS') ? NODE_JS : NATIVE_C))
const rows = measured.map((t) => {
  const base = baseOf(t)
  return { ...t, vs: t.mbps && base?.mbps ? t.mbps / base.mbps : null }
})
rmSync(dir, { recursive: true, force: true })
pool.close()

console.log(
  `\nword count over ${CORPUS_BYTES / MB} MiB (best of runs; MB/s over CPU time since the machine may be shared)`,
)
printTable(
  rows.map((r) => ({
    run: r.run,
    'MB/s (cpu)': r.mbps ?? 'n/a',
    'cpu s': r.cpuSeconds ?? 'n/a',
    'wall s': r.seconds ?? 'n/a',
    'x native': r.vs ?? 'n/a',
    words: r.words,
    note: r.note ?? '',
  })),
)
writeResult('runtime', {
  corpusBytes: CORPUS_BYTES,
  latency: latencies,
  throughput: rows,
  targets: { wasmP50us: 100, jsP50us: 2000, wasmVsNativeC: 0.7 },
})
