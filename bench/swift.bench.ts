/**
 * `pnpm bench swift`: ZeroLab's Swift-compatible API side by side with real OpenStack Swift
 * on loopback (Debian's swift-proxy/-object/-container/-account + memcached, one-device
 * rings, mount_check = false, account_autocreate = true, tempauth; installed with apt-get
 * when missing). Same client (Node fetch), same workload: PUT then GET of 4 KiB and 1 MiB
 * objects at a fixed concurrency, reporting ops/s, p50 and p99 and the ZeroLab/Swift ratios.
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
import { freePort, startRealSwift, waitHttp, type RealSwift } from './lib/realSwift.ts'
import { printTable, quantile, writeResult } from './lib/report.ts'

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..')
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 4)
const WORKLOAD = [
  { label: '4KiB', size: 4 * 1024, count: Number(process.env.BENCH_SMALL ?? 400) },
  { label: '1MiB', size: 1024 * 1024, count: Number(process.env.BENCH_LARGE ?? 80) },
]
const children: ChildProcess[] = []

function start(cmd: string, args: string[], log: string): ChildProcess {
  const p = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] })
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

async function startZeroLab(dir: string): Promise<string> {
  const port = await freePort()
  start(
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
  return url
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
}

/** Runs `op(i)` for i < count with `CONCURRENCY` in flight; latencies in ms. */
async function drive(count: number, op: (i: number) => Promise<void>): Promise<Stat> {
  const lat: number[] = []
  let next = 0
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
  return {
    ops: count,
    opsPerSec: count / secs,
    p50ms: quantile(lat, 0.5),
    p99ms: quantile(lat, 0.99),
  }
}

async function workload(url: string, name: string): Promise<Record<string, Stat>> {
  const { token, storage } = await login(url)
  const H = { 'X-Auth-Token': token }
  const c = `${storage}/bench-${name}`
  const made = await fetch(c, { method: 'PUT', headers: H })
  await made.arrayBuffer()
  if (made.status !== 201 && made.status !== 202)
    throw new Error(`container PUT on ${name}: ${made.status}`)
  const out: Record<string, Stat> = {}
  for (const w of WORKLOAD) {
    const body = new Uint8Array(randomBytes(w.size))
    // warm-up
    for (let i = 0; i < 5; i++) {
      const r = await fetch(`${c}/warm-${w.label}-${i}`, { method: 'PUT', headers: H, body })
      await r.arrayBuffer()
    }
    out[`PUT ${w.label}`] = await drive(w.count, async (i) => {
      const r = await fetch(`${c}/${w.label}-${i}`, { method: 'PUT', headers: H, body })
      await r.arrayBuffer()
      if (r.status !== 201) throw new Error(`${name} PUT ${r.status}`)
    })
    out[`GET ${w.label}`] = await drive(w.count, async (i) => {
      const r = await fetch(`${c}/${w.label}-${i}`, { headers: H })
      const b = await r.arrayBuffer()
      if (r.status !== 200 || b.byteLength !== w.size) throw new Error(`${name} GET ${r.status}`)
    })
  }
  return out
}

async function executeBench(url: string): Promise<Stat> {
  const { token, storage } = await login(url)
  const job = JSON.stringify([
    {
      name: 'hello',
      exec: { source: 'console.log("hi")', lang: 'js' },
      devices: [{ name: 'stdout' }],
    },
  ])
  const count = Number(process.env.BENCH_EXEC ?? 100)
  const run = async (): Promise<void> => {
    const r = await fetch(storage, {
      method: 'POST',
      headers: {
        'X-Auth-Token': token,
        'X-Zerovm-Execute': '1.0',
        'Content-Type': 'application/json',
      },
      body: job,
    })
    const text = await r.text()
    if (r.status !== 200 || text !== 'hi\n')
      throw new Error(`execute: ${r.status} ${text.slice(0, 200)}`)
  }
  for (let i = 0; i < 5; i++) await run()
  return drive(count, run)
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
    const sw = swiftCluster.url
    const zerolab = await workload(zl, 'zerolab')
    const swift = await workload(sw, 'swift')
    let execute: Stat | { error: string }
    try {
      execute = await executeBench(zl)
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
