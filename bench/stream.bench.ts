/**
 * `pnpm bench stream`: streaming channels (issue 8, must-show 2).
 * 1. One object of 256 MiB, 1 GiB and 4 GiB through a C byte counter (bench/c/byte_count.c,
 *    clang --target=wasm32-wasi) as `stdin`;
 * 2. a 2 GiB pipe between two instances (bench/c/produce.c → byte_count reading /dev/in/produce);
 * each with `zerolab run` (a CLI process) and through the server's execute API (a server
 * process; its runtime workers are threads of it), next to the native baseline in the same run:
 * `cat FILE | byte_count` and `produce N | byte_count` built from the same C with cc -O2.
 * Reports wall time, throughput, the ratio to native, and the peak RSS of the process that
 * hosts the runtime (VmHWM from /proc/<pid>/status, reset per run with clear_refs).
 * Test data is written to a temp dir in 1 MiB pieces, never held in memory.
 *
 * Env: STREAM_BENCH_SIZES (MiB, default 256,1024,4096), STREAM_BENCH_PIPE_MIB (2048; 0 = skip),
 * STREAM_BENCH_REPS (runs per case, default 1; medians are printed), STREAM_BENCH_WHERE
 * (cli,server), STREAM_BENCH_RSS_CAP_MIB (default 8192: a run whose host goes over is killed and
 * reported as `rss-cap`, so a batch engine cannot take the machine down), STREAM_BENCH_TIMEOUT_S
 * (900). Heavy: run it with `nice`; figures on a loaded machine are noisy.
 */
import { execFileSync, spawn } from 'node:child_process'
import { closeSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs'
import { writeFileSync, writeSync, createReadStream, statSync } from 'node:fs'
import { request } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { DirStore } from '@zerolab/runtime/node'
import { median, printTable, writeResult } from './lib/report.ts'
import { REPO, compileC, signIn, startServer, type BenchServer } from './lib/server.ts'

const MiB = 1024 * 1024
const SIZES = (process.env.STREAM_BENCH_SIZES ?? '256,1024,4096').split(',').map(Number)
const PIPE_MIB = Number(process.env.STREAM_BENCH_PIPE_MIB ?? 2048)
const REPS = Number(process.env.STREAM_BENCH_REPS ?? 1)
const WHERE = (process.env.STREAM_BENCH_WHERE ?? 'cli,server').split(',')
const RSS_CAP = Number(process.env.STREAM_BENCH_RSS_CAP_MIB ?? 8192) * MiB
const TIMEOUT_MS = Number(process.env.STREAM_BENCH_TIMEOUT_S ?? 900) * 1000
/** The server's longest instance wall clock (clampLimits); the CLI is given the same. */
const INSTANCE_TIMEOUT_MS = 300_000
const ACCOUNT = 'bench'

interface Run {
  status: string
  wallS: number
  peakRssMiB: number
  detail?: string
}

/** Writes `bytes` of text to `path`, 1 MiB at a time. */
function makeFile(path: string, bytes: number): void {
  const piece = Buffer.alloc(MiB)
  for (let i = 0; i < MiB; i++) piece[i] = i % 64 === 63 ? 10 : 97 + ((i * 7) % 26)
  const fd = openSync(path, 'w')
  try {
    for (let left = bytes; left > 0; left -= MiB) writeSync(fd, piece, 0, Math.min(MiB, left))
  } finally {
    closeSync(fd)
  }
}

function status(pid: number): { hwm: number; rss: number } | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/status`, 'utf8')
    const kib = (k: string): number => Number(new RegExp(`${k}:\\s+(\\d+)`).exec(text)?.[1] ?? 0)
    return { hwm: kib('VmHWM') * 1024, rss: kib('VmRSS') * 1024 }
  } catch {
    return undefined // the process has exited
  }
}

/**
 * Follows a process's peak RSS (VmHWM, sampled every 100 ms, and VmRSS between samples) from
 * now on; kills it if it goes over RSS_CAP. `reset` restarts the peak (clear_refs 5).
 */
function watchRss(pid: number, reset: boolean): { stop(): { peak: number; capped: boolean } } {
  if (reset) writeFileSync(`/proc/${pid}/clear_refs`, '5')
  let peak = 0
  let capped = false
  const sample = (): void => {
    const s = status(pid)
    if (!s) return
    peak = Math.max(peak, s.hwm, s.rss)
    if (s.rss > RSS_CAP && !capped) {
      capped = true
      process.kill(pid, 'SIGKILL')
    }
  }
  sample()
  const timer = setInterval(sample, 100)
  return {
    stop() {
      sample()
      clearInterval(timer)
      return { peak, capped }
    },
  }
}

/** A shell pipeline of native programs: wall time and its stdout. */
function native(cmd: string): Run & { out: string } {
  const t0 = performance.now()
  const out = execFileSync('bash', ['-c', `set -o pipefail; ${cmd}`], { encoding: 'utf8' })
  return { status: 'ok', wallS: (performance.now() - t0) / 1000, peakRssMiB: 0, out: out.trim() }
}

/** `zerolab run <job> --store <dir> --json` as its own process; its report and body. */
async function cliRun(jobFile: string, storeDir: string, expected: string): Promise<Run> {
  const t0 = performance.now()
  const child = spawn(
    process.execPath,
    [
      ...['--import', 'tsx', join(REPO, 'apps/server/src/cli/main.ts'), 'run', jobFile],
      ...['--store', storeDir, '--account', ACCOUNT, '--json'],
    ],
    { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] },
  )
  const rss = watchRss(child.pid!, false)
  const timer = setTimeout(() => child.kill('SIGKILL'), TIMEOUT_MS)
  let out = ''
  let err = ''
  child.stdout.on('data', (d: Buffer) => (out += d.toString()))
  child.stderr.on('data', (d: Buffer) => (err += d.toString()))
  const code = await new Promise<number | null>((ok) => child.on('exit', (c) => ok(c)))
  clearTimeout(timer)
  const { peak, capped } = rss.stop()
  const wallS = (performance.now() - t0) / 1000
  const peakRssMiB = peak / MiB
  if (capped) return { status: 'rss-cap', wallS, peakRssMiB }
  if (code !== 0 && out === '')
    return { status: `exit ${code}`, wallS, peakRssMiB, detail: err.slice(-500) }
  const report = JSON.parse(out) as {
    status: string
    body: string
    instances: { name: string; status: string; error?: string }[]
  }
  const detail = report.instances
    .map((i) => `${i.name}:${i.status}${i.error ? ` ${i.error}` : ''}`)
    .join(' ')
  return outcome({ status: report.status, body: report.body, wallS, peakRssMiB, detail }, expected)
}

/** A run's status: the job's, or `wrong-count` when the body is not the expected count. */
function outcome(
  o: { status: string; body: string; wallS: number; peakRssMiB: number; detail: string },
  expected: string,
): Run {
  const { status, body, wallS, peakRssMiB, detail } = o
  if (status !== 'ok') return { status, wallS, peakRssMiB, detail }
  if (body.trim() !== expected)
    return { status: 'wrong-count', wallS, peakRssMiB, detail: `${body.trim()} ≠ ${expected}` }
  return { status: 'ok', wallS, peakRssMiB }
}

/** PUTs a file to the server as it is read (Content-Length, no buffering). */
function upload(url: string, h: Record<string, string>, file: string): Promise<void> {
  return new Promise((ok, fail) => {
    const req = request(
      url,
      {
        method: 'PUT',
        headers: { ...h, 'Content-Length': statSync(file).size },
      },
      (res) => {
        res.resume()
        res.on('end', () =>
          res.statusCode === 201 ? ok() : fail(new Error(`PUT ${url}: ${res.statusCode}`)),
        )
      },
    )
    req.on('error', fail)
    createReadStream(file, { highWaterMark: MiB }).pipe(req)
  })
}

/** The server, logged in as the default user. */
interface Target {
  server: BenchServer
  storage: string
  h: Record<string, string>
}

/** One ZeroCloud execute request; the server's peak RSS while it runs. */
async function serverRun(
  { server, storage, h }: Target,
  job: unknown,
  expected: string,
): Promise<Run> {
  const rss = watchRss(server.child.pid!, true)
  const t0 = performance.now()
  try {
    const r = await fetch(storage, {
      method: 'POST',
      headers: { ...h, 'X-Zerovm-Execute': '1.0' },
      body: JSON.stringify(job),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    })
    const body = await r.text()
    const wallS = (performance.now() - t0) / 1000
    const { peak } = rss.stop()
    const statuses = r.headers.get('x-nexe-status') ?? `HTTP ${r.status}`
    const ok = r.status === 200 && statuses.split(',').every((s) => s === 'ok')
    const detail = `${statuses} ${r.headers.get('x-nexe-error') ?? ''}`.trim()
    const status = ok ? 'ok' : 'failed'
    return outcome({ status, body, wallS, peakRssMiB: peak / MiB, detail }, expected)
  } catch (e) {
    const { peak, capped } = rss.stop()
    const wallS = (performance.now() - t0) / 1000
    return {
      status: capped ? 'rss-cap' : 'error',
      wallS,
      peakRssMiB: peak / MiB,
      detail: String(e),
    }
  }
}

function countJob(object: string): unknown[] {
  return [
    {
      name: 'count',
      exec: { path: `swift://~/apps/byte_count.wasm` },
      devices: [{ name: 'stdin', path: `swift://~/data/${object}` }, { name: 'stdout' }],
      limits: { timeoutMs: INSTANCE_TIMEOUT_MS },
    },
  ]
}

function pipeJob(bytes: number): unknown[] {
  return [
    {
      name: 'produce',
      exec: { path: 'swift://~/apps/produce.wasm', args: [String(bytes), '/dev/out/count'] },
      connect: ['count'],
      // ZeroVM counted pipe writes against the writer's output quota too.
      limits: { timeoutMs: INSTANCE_TIMEOUT_MS, maxOutputBytes: bytes + MiB },
    },
    {
      name: 'count',
      exec: { path: 'swift://~/apps/byte_count.wasm', args: ['/dev/in/produce'] },
      devices: [{ name: 'stdout' }],
      limits: { timeoutMs: INSTANCE_TIMEOUT_MS },
    },
  ]
}

interface Case {
  name: string
  bytes: number
  job: unknown[]
  native: string
  /** The input object (data/<object>), written before the case and removed after it. */
  object?: string
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'zerolab-stream-bench-'))
  const store = join(dir, 'store')
  const data = join(store, ACCOUNT, 'data')
  const apps = join(store, ACCOUNT, 'apps')
  mkdirSync(data, { recursive: true })
  mkdirSync(apps, { recursive: true })
  const serverData = join(dir, 'server')
  const server = WHERE.includes('server') ? await startServer(serverData) : undefined
  let target: Target | undefined
  try {
    const src = (n: string): string => join(REPO, 'bench', 'c', `${n}.c`)
    for (const n of ['byte_count', 'produce']) {
      compileC(src(n), join(apps, `${n}.wasm`))
      execFileSync('cc', ['-O2', '-o', join(dir, n), src(n)])
    }
    const cases: Case[] = SIZES.map((mib) => {
      const object = `object-${mib}m.bin`
      return {
        name: `object ${mib} MiB`,
        bytes: mib * MiB,
        job: countJob(object),
        native: `cat ${join(data, object)} | ${join(dir, 'byte_count')}`,
        object,
      }
    })
    if (PIPE_MIB > 0) {
      const bytes = PIPE_MIB * MiB
      cases.push({
        name: `pipe ${PIPE_MIB} MiB`,
        bytes,
        job: pipeJob(bytes),
        native: `${join(dir, 'produce')} ${bytes} | ${join(dir, 'byte_count')}`,
      })
    }
    target = server && { server, ...(await signIn(server.url)) }
    if (target) {
      const { h } = target
      for (const c of ['apps', 'data'])
        await fetch(`${target.storage}/${c}`, { method: 'PUT', headers: h })
      for (const n of ['byte_count', 'produce'])
        await upload(`${target.storage}/apps/${n}.wasm`, target.h, join(apps, `${n}.wasm`))
    }

    const rows: Record<string, string | number>[] = []
    const results: unknown[] = []
    for (const c of cases) {
      const file = c.object && join(data, c.object)
      if (file) {
        const t = performance.now()
        makeFile(file, c.bytes)
        // Its ETag, once, as an upload would have stored it: a file copied into a DirStore by
        // hand is hashed by the first HEAD, inside the job's expansion budget (maxExpandMs).
        await new DirStore(store).head(ACCOUNT, 'data', c.object!)
        console.log(`${c.name}: wrote ${file} in ${((performance.now() - t) / 1000).toFixed(1)} s`)
        if (target) await upload(`${target.storage}/data/${c.object}`, target.h, file)
      }
      const jobFile = join(dir, 'job.json')
      writeFileSync(jobFile, JSON.stringify(c.job))
      const expected = String(c.bytes)
      const runs: Record<string, Run[]> = { native: [] }
      for (let r = 0; r < REPS; r++) {
        const n = native(c.native)
        if (n.out !== expected) throw new Error(`native ${c.name}: ${n.out} ≠ ${expected}`)
        runs.native!.push(n)
        if (WHERE.includes('cli')) (runs.cli ??= []).push(await cliRun(jobFile, store, expected))
        if (target) {
          runs.server = [...(runs.server ?? []), await serverRun(target, c.job, expected)]
          // Killed over the RSS cap: a new server on the same data for the next run.
          if (target.server.child.exitCode !== null || target.server.child.signalCode !== null) {
            target.server = await startServer(serverData)
            Object.assign(target, await signIn(target.server.url))
          }
        }
      }
      const nativeS = median(runs.native!.map((r) => r.wallS))
      for (const [where, list] of Object.entries(runs)) {
        const wallS = median(list.map((r) => r.wallS))
        const failed = list.find((r) => r.status !== 'ok')
        const row = {
          case: c.name,
          where: where === 'cli' ? 'zerolab run' : where === 'server' ? 'server execute' : 'native',
          status: failed ? failed.status : 'ok',
          wallS,
          MiBps: c.bytes / MiB / wallS,
          ratioToNative: nativeS / wallS,
          peakRssMiB: where === 'native' ? '' : median(list.map((r) => r.peakRssMiB)),
        }
        rows.push(row)
        results.push({ ...row, runs: list })
        if (failed?.detail) console.log(`  ${where}: ${failed.detail}`)
      }
      if (file) rmSync(file, { force: true })
      if (target && file)
        await fetch(`${target.storage}/data/${c.object}`, {
          method: 'DELETE',
          headers: target.h,
        })
    }
    printTable(rows)
    writeResult('stream', {
      reps: REPS,
      rssCapMiB: RSS_CAP / MiB,
      note: 'peak RSS of the process hosting the runtime (CLI, or server with its worker threads); native = cat FILE | byte_count (object) or produce N | byte_count (pipe), cc -O2',
      results,
    })
  } finally {
    const last = target?.server ?? server
    if (last && last.child.exitCode === null && last.child.signalCode === null) {
      const exited = new Promise((ok) => last.child.once('exit', ok))
      last.stop()
      await exited
    }
    rmSync(dir, { recursive: true, force: true })
  }
}

await main()
