/**
 * `pnpm bench python`: the python image (CPython 3.11 built for WASI by
 * scripts/python-wasm/build.sh). Spawn-to-exit latency of a trivial Python instance through a
 * warm Node worker pool, and word-count throughput over a generated 64 MiB corpus against
 * native CPython (`python3`) running the same script in the same run.
 */
import { execFileSync, spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { createNodePool } from '@zerolab/runtime/node'
import { Prng } from '../packages/runtime/src/sandbox/common/prng.ts'
import { makeSpec } from '../packages/runtime/test/spec.ts'
import { printTable, quantile, writeResult } from './lib/report.ts'

const MB = 1024 * 1024
const CORPUS_BYTES = 64 * MB
const SPAWNS = Number(process.env['PYTHON_BENCH_SPAWNS'] ?? 200)
const ROUNDS = Number(process.env['PYTHON_BENCH_ROUNDS'] ?? 3)

/** The same script in both places: whitespace-separated words of stdin, streamed. */
const WORDCOUNT_PY = `import sys
n = 0
for line in sys.stdin.buffer:
    n += len(line.split())
print(n)
`

execFileSync('bash', [join(import.meta.dirname, '../scripts/python-wasm/build.sh')], {
  stdio: ['ignore', 'inherit', 'inherit'],
})

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

const load0 = loadavg()
const pool = createNodePool({ size: 1 })
const dir = mkdtempSync(join(tmpdir(), 'zerolab-bench-py-'))
try {
  // Spawn → exit of `pass`, after a cold first run (loads and compiles python.wasm).
  const trivial = makeSpec({ code: 'pass', image: 'python', limits: { timeoutMs: 300_000 } })
  let t = performance.now()
  const first = await pool.run(trivial)
  const coldMs = performance.now() - t
  if (first.status !== 'ok') throw new Error(`trivial python: ${first.status} ${first.message}`)
  for (let i = 0; i < 10; i++) await pool.run(trivial)
  const spawns: number[] = []
  for (let i = 0; i < SPAWNS; i++) {
    t = performance.now()
    await pool.run(trivial)
    spawns.push(performance.now() - t)
  }
  const latency = {
    coldFirstMs: coldMs,
    p50ms: quantile(spawns, 0.5),
    p99ms: quantile(spawns, 0.99),
    runs: SPAWNS,
  }
  console.log(`\nspawn-to-exit of a trivial Python instance (pass), warm pool of 1 worker`)
  printTable([
    { 'cold first ms': coldMs, 'p50 ms': latency.p50ms, 'p99 ms': latency.p99ms, runs: SPAWNS },
  ])

  // Word count over 64 MiB: the python image vs native python3, same script, round-robin.
  const data = makeCorpus()
  const corpus = join(dir, 'corpus.txt')
  const script = join(dir, 'wordcount.py')
  writeFileSync(corpus, data)
  writeFileSync(script, WORDCOUNT_PY)
  const wasm: { cpu: number; wall: number; words: string }[] = []
  const native: { cpu: number; wall: number; words: string }[] = []
  const nativeVersion = spawnSync('python3', ['--version'], { encoding: 'utf8' }).stdout.trim()
  for (let i = 0; i < ROUNDS; i++) {
    const spec = makeSpec({
      code: WORDCOUNT_PY,
      image: 'python',
      stdin: data.slice(),
      limits: { memoryBytes: 256 * MB, timeoutMs: 600_000 },
    })
    t = performance.now()
    const r = await pool.run(spec, { transfer: true })
    const wall = (performance.now() - t) / 1000
    if (r.status !== 'ok') throw new Error(`python wordcount: ${r.status} ${r.message}`)
    const words = new TextDecoder().decode(r.outputs['/dev/stdout']).trim()
    wasm.push({ cpu: r.accounting.cpuMs / 1000, wall, words })

    const timed =
      'TIMEFORMAT="%3U %3S"; { time python3 "$0" < "$1" > "$1.out"; } 2>&1; cat "$1.out"'
    t = performance.now()
    const n = spawnSync('bash', ['-c', timed, script, corpus], { encoding: 'utf8' })
    const nwall = (performance.now() - t) / 1000
    const [times, count] = n.stdout.trim().split('\n')
    const [user, sys] = times!.split(/\s+/).map(Number)
    native.push({ cpu: user! + sys!, wall: nwall, words: count!.trim() })
  }
  const best = (xs: { cpu: number; wall: number }[]) => ({
    cpu: Math.min(...xs.map((x) => x.cpu)),
    wall: Math.min(...xs.map((x) => x.wall)),
  })
  const w = best(wasm)
  const nat = best(native)
  const same = wasm[0]!.words === native[0]!.words
  const rows = [
    {
      run: 'python image (wasm, pool)',
      'MB/s (cpu)': 64 / w.cpu,
      'cpu s': w.cpu,
      'wall s': w.wall,
      words: wasm[0]!.words,
    },
    {
      run: `native ${nativeVersion}`,
      'MB/s (cpu)': 64 / nat.cpu,
      'cpu s': nat.cpu,
      'wall s': nat.wall,
      words: native[0]!.words,
    },
  ]
  console.log(`\nword count over 64 MiB, best of ${ROUNDS} (same script; words agree: ${same})`)
  printTable(rows)
  const ratio = w.cpu / nat.cpu
  console.log(`python image / native python3 CPU time: ${ratio.toFixed(2)}x`)
  const load1 = loadavg()
  console.log(
    `load average: ${load0.map((x) => x.toFixed(2)).join(' ')} → ${load1.map((x) => x.toFixed(2)).join(' ')}`,
  )
  if (!same) throw new Error('the python image and native python3 disagree on the word count')
  writeResult('python', {
    latency,
    wordcount: {
      corpusBytes: CORPUS_BYTES,
      rounds: ROUNDS,
      wasm: w,
      native: nat,
      nativeVersion,
      ratio,
      words: wasm[0]!.words,
    },
    loadavg: { start: load0, end: load1 },
  })
} finally {
  await pool.close()
  rmSync(dir, { recursive: true, force: true })
}
