/**
 * `pnpm bench swift`: ZeroLab's Swift-compatible API side by side with real OpenStack Swift
 * on loopback (Debian's swift-proxy/-object/-container/-account + memcached, one-device
 * rings, mount_check = false, account_autocreate = true, tempauth; installed with apt-get
 * when missing). Same client (node:http with keep-alive, one socket per concurrent caller:
 * bench/lib/httpClient.ts), same workload: PUT then GET of 4 KiB and 1 MiB
 * objects at a fixed concurrency, in alternating rounds (the median round of each side is
 * reported), with ops/s, p50 and p99, the ZeroLab/Swift ratios and each side's server CPU time
 * per operation (which the shared machine's load disturbs far less than wall time).
 * Also the execute API (X-Zerovm-Execute: 1.0) on a trivial JS job, ZeroLab only.
 *
 * Both sides run one worker process (Swift: workers = 1 per server) on the same 2 shared
 * cores, so numbers are comparative, not absolute.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { HttpClient } from './lib/httpClient.ts'
import { freePort, startRealSwift, waitHttp, type RealSwift } from './lib/realSwift.ts'
import { printTable, quantile, writeResult } from './lib/report.ts'
import { processTreeCpuMs } from './lib/server.ts'

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..')
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 4)
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3)
const WORKLOAD = [
  { label: '4KiB', size: 4 * 1024, count: Number(process.env.BENCH_SMALL ?? 200) },
  { label: '1MiB', size: 1024 * 1024, count: Number(process.env.BENCH_LARGE ?? 40) },
]
const children: ChildProcess[] = []

/**
 * `detached`: the server leads its own session, as each of Swift's servers makes itself
 * (swift.common.wsgi calls setsid). With the kernel's autogroup scheduling (on here) a session
 * is what gets a share of the CPU, so otherwise ZeroLab would share one with the bench client
 * while Swift's four servers each had their own.
 */
function start(cmd: string, args: string[], log: string): ChildProcess {
  const p = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], detached: true })
  let out = ''
  const keep = (d: Buffer): void => {
    out = (out + d.toString()).slice(-4000)
  }
  p.stdout!.on('data', keep)
  p.stderr!.on('data', keep)
  p.on('exit', (code, sig) => {
    if (!stopping) console.error(`${log} exited (${code ?? sig}):\n${out}`)
  })
  children.push(p)
  return p
}

let stopping = false
function stopAll(): void {
  stopping = true
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGTERM')
}

async function startZeroLab(dir: string): Promise<{ url: string; pid: number }> {
  const port = await freePort()
  const child = start(
    process.execPath,
    [
      '--import',
      'tsx',
      join(ROOT, 'apps/server/src/serve.ts'),
      '--port',
      String(port),
      '--data',
      dir,
    ],
    'zerolab',
  )
  const url = `http://127.0.0.1:${port}`
  await waitHttp(`${url}/info`)
  return { url, pid: child.pid! }
}

async function login(url: string): Promise<{ token: string; storage: string }> {
  const r = await fetch(`${url}/auth/v1.0`, {
    headers: { 'X-Auth-User': 'admin:admin', 'X-Auth-Key': 'admin' },
  })
  if (r.status !== 200) throw new Error(`auth at ${url}: ${r.status}`)
  await r.arrayBuffer()
  return { token: r.headers.get('x-auth-token')!, storage: r.headers.get('x-storage-url')! }
}

interface Stat {
  ops: number
  opsPerSec: number
  p50ms: number
  p99ms: number
  /** CPU time of the server's processes (all threads, workers included) per operation. */
  serverCpuMsPerOp: number
  /** CPU time of this (client) process per operation. */
  clientCpuMsPerOp: number
}

/** Runs `op(i)` for i < count with `CONCURRENCY` in flight; latencies in ms. */
async function drive(
  count: number,
  pids: number[],
  op: (i: number) => Promise<void>,
): Promise<Stat> {
  const lat: number[] = []
  let next = 0
  const cpu0 = processTreeCpuMs(pids)
  const client0 = process.cpuUsage()
  const t0 = performance.now()
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      for (let i = next++; i < count; i = next++) {
        const s = performance.now()
        await op(i)
        lat.push(performance.now() - s)
      }
    }),
  )
  const secs = (performance.now() - t0) / 1000
  const client = process.cpuUsage(client0)
  return {
    ops: count,
    opsPerSec: count / secs,
    p50ms: quantile(lat, 0.5),
    p99ms: quantile(lat, 0.99),
    serverCpuMsPerOp: (processTreeCpuMs(pids) - cpu0) / count,
    clientCpuMsPerOp: (client.user + client.system) / 1000 / count,
  }
}

interface Side {
  name: string
  pids: number[]
  http: HttpClient
  H: Record<string, string>
  container: string
}

async function prepare(url: string, name: string, pids: number[]): Promise<Side> {
  const { token, storage } = await login(url)
  const H = { 'X-Auth-Token': token }
  const container = `${storage}/bench-${name}`
  const http = new HttpClient(CONCURRENCY)
  const made = await http.request(container, { method: 'PUT', headers: H })
  if (made.status !== 201 && made.status !== 202)
    throw new Error(`container PUT on ${name}: ${made.status}`)
  return { name, pids, http, H, container }
}

/** PUT then GET of `w.count` objects of `w.size` bytes on one side: one round of two rows. */
async function round(
  side: Side,
  w: (typeof WORKLOAD)[number],
  body: Buffer,
  r: number,
): Promise<[Stat, Stat]> {
  const { http, H, container: c, name } = side
  const put = await drive(w.count, side.pids, async (i) => {
    const res = await http.request(`${c}/${w.label}-${r}-${i}`, { method: 'PUT', headers: H, body })
    if (res.status !== 201) throw new Error(`${name} PUT ${res.status}`)
  })
  const get = await drive(w.count, side.pids, async (i) => {
    const res = await http.request(`${c}/${w.label}-${r}-${i}`, { headers: H })
    if (res.status !== 200 || res.length !== w.size) throw new Error(`${name} GET ${res.status}`)
  })
  return [put, get]
}

/** The round with the median ops/s. */
function medianRound(stats: Stat[]): Stat {
  return [...stats].sort((a, b) => a.opsPerSec - b.opsPerSec)[Math.floor(stats.length / 2)]!
}

/**
 * Both sides, row by row, in `ROUNDS` alternating rounds (ZeroLab first, then Swift first, …)
 * so a change of the shared machine's load hits both alike; each row reports its median round.
 */
async function workloads(sides: Side[]): Promise<Record<string, Record<string, Stat>>> {
  const all: Record<string, Record<string, Stat[]>> = {}
  for (const s of sides) all[s.name] = {}
  for (const w of WORKLOAD) {
    const body = randomBytes(w.size)
    for (const s of sides)
      for (let i = 0; i < 5; i++)
        await s.http.request(`${s.container}/warm-${w.label}-${i}`, {
          method: 'PUT',
          headers: s.H,
          body,
        })
    for (let r = 0; r < ROUNDS; r++) {
      const order = r % 2 === 0 ? sides : [...sides].reverse()
      for (const s of order) {
        const [put, get] = await round(s, w, body, r)
        ;(all[s.name]![`PUT ${w.label}`] ??= []).push(put)
        ;(all[s.name]![`GET ${w.label}`] ??= []).push(get)
      }
    }
  }
  const out: Record<string, Record<string, Stat>> = {}
  for (const [name, rows] of Object.entries(all))
    out[name] = Object.fromEntries(Object.entries(rows).map(([op, st]) => [op, medianRound(st)]))
  return out
}

async function executeBench(url: string, pids: number[]): Promise<Stat> {
  const { token, storage } = await login(url)
  const job = JSON.stringify([
    {
      name: 'hello',
      exec: { source: 'console.log("hi")', lang: 'js' },
      devices: [{ name: 'stdout' }],
    },
  ])
  const count = Number(process.env.BENCH_EXEC ?? 100)
  const http = new HttpClient(CONCURRENCY)
  const run = async (): Promise<void> => {
    const r = await http.request(storage, {
      method: 'POST',
      headers: {
        'X-Auth-Token': token,
        'X-Zerovm-Execute': '1.0',
        'Content-Type': 'application/json',
      },
      body: job,
      keepBody: true,
    })
    const text = r.body!.toString('utf8')
    if (r.status !== 200 || text !== 'hi\n')
      throw new Error(`execute: ${r.status} ${text.slice(0, 200)}`)
  }
  try {
    for (let i = 0; i < 5; i++) await run()
    return await drive(count, pids, run)
  } finally {
    http.close()
  }
}

let swiftCluster: RealSwift | undefined

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'zerolab-swift-bench-'))
  process.on('exit', stopAll)
  try {
    const zl = await startZeroLab(join(dir, 'zerolab'))
    swiftCluster = await startRealSwift({
      dir: join(dir, 'swift'),
      users: [
        { account: 'admin', user: 'admin', key: 'admin', groups: ['.admin', '.reseller_admin'] },
      ],
      pipeline: 'bench',
    })
    const sides = [
      await prepare(zl.url, 'zerolab', [zl.pid]),
      await prepare(swiftCluster.url, 'swift', swiftCluster.pids()),
    ]
    const { zerolab, swift } = (await workloads(sides)) as Record<string, Record<string, Stat>>
    for (const s of sides) s.http.close()
    if (!zerolab || !swift) throw new Error('a side has no results')
    let execute: Stat | { error: string }
    try {
      execute = await executeBench(zl.url, [zl.pid])
    } catch (e) {
      execute = { error: e instanceof Error ? e.message : String(e) }
    }
    const rows = Object.keys(zerolab).map((op) => {
      const z = zerolab[op]!
      const s = swift[op]!
      return {
        op,
        'zerolab ops/s': z.opsPerSec,
        'swift ops/s': s.opsPerSec,
        'ops ratio': z.opsPerSec / s.opsPerSec,
        'zerolab p50 ms': z.p50ms,
        'swift p50 ms': s.p50ms,
        'p50 ratio': z.p50ms / s.p50ms,
        'zerolab p99 ms': z.p99ms,
        'swift p99 ms': s.p99ms,
        'p99 ratio': z.p99ms / s.p99ms,
        'zerolab cpu ms/op': z.serverCpuMsPerOp,
        'swift cpu ms/op': s.serverCpuMsPerOp,
        'client cpu ms/op': (z.clientCpuMsPerOp + s.clientCpuMsPerOp) / 2,
      }
    })
    printTable(rows)
    if ('error' in execute) console.log(`execute API: ${execute.error}`)
    else
      printTable([
        {
          op: 'execute trivial js job',
          'ops/s': execute.opsPerSec,
          'p50 ms': execute.p50ms,
          'p99 ms': execute.p99ms,
        },
      ])
    writeResult('swift', {
      concurrency: CONCURRENCY,
      rounds: `${ROUNDS} alternating rounds per row; each side's median round is reported`,
      workload: WORKLOAD,
      note: 'ratios are zerolab / swift (ops: higher is better for zerolab; latency: lower is better)',
      swiftSetup:
        'Debian swift 2.30 proxy+object+container+account, workers=1, one-device rings, tempauth, memcached',
      rows,
      zerolab,
      swift,
      execute,
    })
  } finally {
    stopAll()
    await swiftCluster?.stop()
    await new Promise((ok) => setTimeout(ok, 500))
    rmSync(dir, { recursive: true, force: true })
  }
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(e)
    stopAll()
    process.exit(1)
  },
)
