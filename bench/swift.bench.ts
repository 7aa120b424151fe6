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
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { printTable, quantile, writeResult } from './lib/report.ts'

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..')
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 4)
const WORKLOAD = [
  { label: '4KiB', size: 4 * 1024, count: Number(process.env.BENCH_SMALL ?? 400) },
  { label: '1MiB', size: 1024 * 1024, count: Number(process.env.BENCH_LARGE ?? 80) },
]
const children: ChildProcess[] = []

function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const s = createServer()
    s.once('error', fail)
    s.listen(0, '127.0.0.1', () => {
      const a = s.address()
      const port = typeof a === 'object' && a ? a.port : 0
      s.close(() => ok(port))
    })
  })
}

function ensureSwiftInstalled(): void {
  const bins = [
    'swift-proxy-server',
    'swift-object-server',
    'swift-container-server',
    'swift-account-server',
    'swift-ring-builder',
    'memcached',
  ]
  const missing = bins.filter((b) => spawnSync('which', [b]).status !== 0)
  if (missing.length === 0) return
  console.log(`installing OpenStack Swift (missing: ${missing.join(', ')})`)
  const r = spawnSync(
    'apt-get',
    [
      'install',
      '-y',
      '--no-install-recommends',
      'swift-proxy',
      'swift-object',
      'swift-container',
      'swift-account',
      'memcached',
      'python3-memcache',
    ],
    { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } },
  )
  if (r.status !== 0) throw new Error('apt-get install of swift failed')
}

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

async function waitHttp(url: string, ms = 60_000): Promise<void> {
  const end = Date.now() + ms
  for (;;) {
    try {
      const r = await fetch(url)
      await r.arrayBuffer()
      return
    } catch {
      if (Date.now() > end) throw new Error(`${url} did not come up`)
      await new Promise((ok) => setTimeout(ok, 200))
    }
  }
}

/** A one-device Swift cluster under `dir`; returns its proxy URL. */
async function startSwift(dir: string): Promise<string> {
  ensureSwiftInstalled()
  if (!existsSync('/etc/swift/swift.conf')) {
    mkdirSync('/etc/swift', { recursive: true })
    writeFileSync(
      '/etc/swift/swift.conf',
      '[swift-hash]\nswift_hash_path_suffix = zerolab-bench\nswift_hash_path_prefix = zerolab\n\n[storage-policy:0]\nname = Policy-0\ndefault = yes\n',
    )
  }
  const etc = join(dir, 'etc')
  const devices = join(dir, 'srv')
  mkdirSync(etc, { recursive: true })
  mkdirSync(join(devices, 'sdb1'), { recursive: true })
  const [pObj, pCont, pAcct, pProxy, pMc] = await Promise.all([
    freePort(),
    freePort(),
    freePort(),
    freePort(),
    freePort(),
  ])
  const common = (port: number): string =>
    `[DEFAULT]\ndevices = ${devices}\nmount_check = false\nbind_ip = 127.0.0.1\nbind_port = ${port}\nworkers = 1\nswift_dir = ${etc}\nuser = root\nlog_level = WARNING\n`
  const server = (kind: string, port: number): string =>
    `${common(port)}\n[pipeline:main]\npipeline = ${kind}-server\n\n[app:${kind}-server]\nuse = egg:swift#${kind}\n`
  writeFileSync(join(etc, 'object-server.conf'), server('object', pObj))
  writeFileSync(join(etc, 'container-server.conf'), server('container', pCont))
  writeFileSync(join(etc, 'account-server.conf'), server('account', pAcct))
  writeFileSync(
    join(etc, 'proxy-server.conf'),
    `[DEFAULT]\nbind_ip = 127.0.0.1\nbind_port = ${pProxy}\nworkers = 1\nuser = root\nswift_dir = ${etc}\nlog_level = WARNING\n\n` +
      '[pipeline:main]\npipeline = catch_errors gatekeeper healthcheck proxy-logging cache tempauth proxy-logging proxy-server\n\n' +
      '[app:proxy-server]\nuse = egg:swift#proxy\naccount_autocreate = true\n\n' +
      '[filter:tempauth]\nuse = egg:swift#tempauth\nuser_admin_admin = admin .admin .reseller_admin\n\n' +
      `[filter:cache]\nuse = egg:swift#memcache\nmemcache_servers = 127.0.0.1:${pMc}\n\n` +
      '[filter:catch_errors]\nuse = egg:swift#catch_errors\n\n[filter:gatekeeper]\nuse = egg:swift#gatekeeper\n\n' +
      '[filter:healthcheck]\nuse = egg:swift#healthcheck\n\n[filter:proxy-logging]\nuse = egg:swift#proxy_logging\n',
  )
  for (const [ring, port] of [
    ['object', pObj],
    ['container', pCont],
    ['account', pAcct],
  ] as const) {
    const b = join(etc, `${ring}.builder`)
    for (const args of [
      [b, 'create', '8', '1', '1'],
      [b, 'add', `r1z1-127.0.0.1:${port}/sdb1`, '100'],
      [b, 'rebalance'],
    ]) {
      const r = spawnSync('swift-ring-builder', args, { encoding: 'utf8' })
      if (r.status !== 0 && !(args[1] === 'rebalance' && r.status === 1))
        throw new Error(`swift-ring-builder ${args.join(' ')}: ${r.stdout}${r.stderr}`)
    }
  }
  start('memcached', ['-u', 'root', '-l', '127.0.0.1', '-p', String(pMc), '-U', '0'], 'memcached')
  for (const kind of ['object', 'container', 'account'])
    start(`swift-${kind}-server`, [join(etc, `${kind}-server.conf`)], `swift-${kind}-server`)
  start('swift-proxy-server', [join(etc, 'proxy-server.conf')], 'swift-proxy-server')
  const url = `http://127.0.0.1:${pProxy}`
  await waitHttp(`${url}/healthcheck`)
  return url
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

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'zerolab-swift-bench-'))
  process.on('exit', stopAll)
  try {
    const zl = await startZeroLab(join(dir, 'zerolab'))
    const sw = await startSwift(join(dir, 'swift'))
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
