/**
 * A one-node OpenStack Swift on loopback from Debian's packages (proxy, object, container,
 * account servers + memcached; one-device rings, mount_check = false, account_autocreate,
 * tempauth), installed with apt-get when missing. Used by `pnpm bench swift` (the baseline)
 * and scripts/swift-functional.ts (Swift's own functional suite, side by side).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { existsSync, mkdirSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { join } from 'node:path'

export interface SwiftUser {
  account: string
  user: string
  key: string
  /** tempauth groups, e.g. ['.admin'] or ['.admin', '.reseller_admin']. */
  groups: string[]
}

export interface RealSwiftOptions {
  dir: string
  users: SwiftUser[]
  /**
   * 'bench': the lean pipeline (tempauth only). 'full': the SAIO pipeline the functional
   * tests expect (bulk, tempurl, copy, quotas, slo, dlo, versioned_writes, symlink, …).
   */
  pipeline: 'bench' | 'full'
}

export interface RealSwift {
  url: string
  /** The processes started (memcached and the four servers; their workers are their children). */
  pids(): number[]
  stop(): Promise<void>
}

export function freePort(): Promise<number> {
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

export async function waitHttp(url: string, ms = 60_000): Promise<void> {
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

const PACKAGES = [
  'swift-proxy',
  'swift-object',
  'swift-container',
  'swift-account',
  'memcached',
  'python3-memcache',
]

export function ensureSwiftInstalled(): void {
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
  const r = spawnSync('apt-get', ['install', '-y', '--no-install-recommends', ...PACKAGES], {
    stdio: 'inherit',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  })
  if (r.status !== 0) throw new Error('apt-get install of swift failed')
}

const FULL_PIPELINE =
  'catch_errors gatekeeper healthcheck proxy-logging cache listing_formats bulk tempurl ' +
  'ratelimit tempauth copy container-quotas account-quotas slo dlo versioned_writes symlink ' +
  'proxy-logging proxy-server'
const BENCH_PIPELINE =
  'catch_errors gatekeeper healthcheck proxy-logging cache tempauth proxy-logging proxy-server'

const FILTERS = [
  'catch_errors',
  'gatekeeper',
  'healthcheck',
  'listing_formats',
  'bulk',
  'tempurl',
  'ratelimit',
  'copy',
  'container-quotas',
  'account-quotas',
  'slo',
  'dlo',
  'symlink',
]

function proxyConf(o: RealSwiftOptions, etc: string, port: number, mc: number): string {
  const users = o.users
    .map((u) => `user_${u.account}_${u.user} = ${u.key} ${u.groups.join(' ')}`.trimEnd())
    .join('\n')
  const full = o.pipeline === 'full'
  const filters = (full ? FILTERS : ['catch_errors', 'gatekeeper', 'healthcheck'])
    .map((f) => `[filter:${f}]\nuse = egg:swift#${f.replace('-', '_')}\n`)
    .join('\n')
  return (
    `[DEFAULT]\nbind_ip = 127.0.0.1\nbind_port = ${port}\nworkers = 1\nuser = root\n` +
    `swift_dir = ${etc}\nlog_level = WARNING\n\n` +
    `[pipeline:main]\npipeline = ${full ? FULL_PIPELINE : BENCH_PIPELINE}\n\n` +
    `[app:proxy-server]\nuse = egg:swift#proxy\naccount_autocreate = true\n` +
    // A loaded shared machine makes Swift's 0.5 s backend connect timeout answer 503s.
    (full ? 'allow_account_management = true\nconn_timeout = 5\nnode_timeout = 60\n' : '') +
    `\n[filter:tempauth]\nuse = egg:swift#tempauth\n${users}\n\n` +
    `[filter:cache]\nuse = egg:swift#memcache\nmemcache_servers = 127.0.0.1:${mc}\n\n` +
    `[filter:proxy-logging]\nuse = egg:swift#proxy_logging\n\n` +
    (full
      ? '[filter:versioned_writes]\nuse = egg:swift#versioned_writes\n' +
        'allow_versioned_writes = true\nallow_object_versioning = true\n\n'
      : '') +
    filters
  )
}

/** Starts the cluster under `o.dir`; `stop()` ends every process it started. */
export async function startRealSwift(o: RealSwiftOptions): Promise<RealSwift> {
  ensureSwiftInstalled()
  if (!existsSync('/etc/swift/swift.conf')) {
    mkdirSync('/etc/swift', { recursive: true })
    writeFileSync(
      '/etc/swift/swift.conf',
      '[swift-hash]\nswift_hash_path_suffix = zerolab-bench\nswift_hash_path_prefix = zerolab\n\n' +
        '[storage-policy:0]\nname = Policy-0\ndefault = yes\n',
    )
  }
  const etc = join(o.dir, 'etc')
  const devices = join(o.dir, 'srv')
  mkdirSync(etc, { recursive: true })
  mkdirSync(join(devices, 'sdb1'), { recursive: true })
  const [pObj, pCont, pAcct, pProxy, pMc] = await Promise.all(
    Array.from({ length: 5 }, () => freePort()),
  )
  const common = (port: number): string =>
    `[DEFAULT]\ndevices = ${devices}\nmount_check = false\nbind_ip = 127.0.0.1\n` +
    `bind_port = ${port}\nworkers = 1\nswift_dir = ${etc}\nuser = root\nlog_level = WARNING\n`
  const server = (kind: string, port: number): string =>
    `${common(port)}\n[pipeline:main]\npipeline = ${kind}-server\n\n` +
    `[app:${kind}-server]\nuse = egg:swift#${kind}\n`
  writeFileSync(join(etc, 'object-server.conf'), server('object', pObj!))
  writeFileSync(join(etc, 'container-server.conf'), server('container', pCont!))
  writeFileSync(join(etc, 'account-server.conf'), server('account', pAcct!))
  writeFileSync(join(etc, 'proxy-server.conf'), proxyConf(o, etc, pProxy!, pMc!))
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
  const children: ChildProcess[] = []
  let stopping = false
  const start = (cmd: string, args: string[]): void => {
    const p = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] })
    let out = ''
    const keep = (d: Buffer): void => {
      out = (out + d.toString()).slice(-4000)
    }
    p.stdout!.on('data', keep)
    p.stderr!.on('data', keep)
    p.on('exit', (code, sig) => {
      if (!stopping) console.error(`${cmd} exited (${code ?? sig}):\n${out}`)
    })
    children.push(p)
  }
  const stop = async (): Promise<void> => {
    stopping = true
    const alive = children.filter((c) => c.exitCode === null && c.signalCode === null)
    await Promise.all(
      alive.map(
        (c) =>
          new Promise<void>((ok) => {
            c.once('exit', () => ok())
            c.kill('SIGTERM')
            setTimeout(() => c.kill('SIGKILL'), 5000).unref()
          }),
      ),
    )
  }
  process.once('exit', () => {
    stopping = true
    for (const c of children) if (c.exitCode === null) c.kill('SIGKILL')
  })
  start('memcached', ['-u', 'root', '-l', '127.0.0.1', '-p', String(pMc), '-U', '0'])
  for (const kind of ['object', 'container', 'account'])
    start(`swift-${kind}-server`, [join(etc, `${kind}-server.conf`)])
  start('swift-proxy-server', [join(etc, 'proxy-server.conf')])
  const url = `http://127.0.0.1:${pProxy}`
  try {
    await waitHttp(`${url}/healthcheck`)
  } catch (e) {
    await stop()
    throw e
  }
  return { url, stop, pids: () => children.map((c) => c.pid!).filter(Boolean) }
}
