/**
 * A Swift cluster on loopback addresses, everything under one state directory:
 *
 *   <state>/cluster.json     what runs where (read it with `readCluster`)
 *   <state>/etc/             rings, builders and server configs
 *   <state>/srv/<host>/<dev> directory-backed devices (mount_check off)
 *   <state>/run/*.pid        pids of the daemons; <state>/logs/*.log their output
 *
 * `swiftUp` first stops whatever a previous run left in the same state directory, so it can
 * be called again after a crash; `clusterDown` stops every daemon and removes the directory.
 * (zerolab.ts adds the ZeroLab nodes and gateway.)
 */
import { spawnSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { userInfo } from 'node:os'
import { join, resolve } from 'node:path'
import { daemonPid, logTail, startDaemon, stopAllDaemons, type DaemonDirs } from './daemons.ts'
import { ensureSwiftInstalled, systemPython } from './ensureSwift.ts'
import {
  SERVER_KINDS,
  proxyServerConf,
  ringBuilderScript,
  storageServerConf,
  type StorageHost,
  type SwiftUser,
} from './swiftConfig.ts'

export interface ClusterInfo {
  stateDir: string
  /** The Swift proxy (tempauth at /auth/v1.0, list_endpoints at /endpoints/). */
  proxyUrl: string
  memcache: string
  hosts: StorageHost[]
  replicas: number
  users: SwiftUser[]
  /** Shared secret between the gateway and the nodes (X-Zerolab-Cluster-Key). */
  clusterKey: string
  /** Set by zerolabUp: the gateway and a node beside each storage host. */
  zerolab?: ZeroLabInfo
}

export interface NodeProc {
  /** Daemon name (node1 …), also the node's name in reports. */
  name: string
  ip: string
  port: number
  url: string
  workers: number
}

export interface ZeroLabInfo {
  gatewayUrl: string
  nodes: NodeProc[]
  /** The gateway's data dir (jobs, shares, known tokens). */
  gatewayData: string
}

export interface UpOptions {
  stateDir: string
  /** Storage host addresses; default 127.0.0.2, .3 and .4. */
  ips?: string[]
  /** Copies of each object; default 2. */
  replicas?: number
  /** Ring partition power; default 6 (64 partitions: plenty for a few hosts). */
  partPower?: number
  /** tempauth users; default admin:admin (key admin) and test:tester (key testing). */
  users?: SwiftUser[]
  /** Address of the proxy and memcached; default 127.0.0.1. */
  proxyIp?: string
  log?: (line: string) => void
}

export const DEFAULT_IPS = ['127.0.0.2', '127.0.0.3', '127.0.0.4']
export const DEFAULT_USERS: SwiftUser[] = [
  { account: 'admin', user: 'admin', key: 'admin' },
  { account: 'test', user: 'tester', key: 'testing' },
]

export const daemonDirs = (stateDir: string): DaemonDirs => ({
  run: join(stateDir, 'run'),
  logs: join(stateDir, 'logs'),
})

export const infoFile = (stateDir: string): string => join(stateDir, 'cluster.json')

export function writeCluster(info: ClusterInfo): void {
  writeFileSync(infoFile(info.stateDir), `${JSON.stringify(info, null, 2)}\n`)
}

export function readCluster(stateDir: string): ClusterInfo | undefined {
  const f = infoFile(resolve(stateDir))
  return existsSync(f) ? (JSON.parse(readFileSync(f, 'utf8')) as ClusterInfo) : undefined
}

/** A port nobody listens on at `ip` right now (the kernel's pick). */
export function freePort(ip: string): Promise<number> {
  return new Promise((ok, fail) => {
    const s = createServer()
    s.once('error', fail)
    s.listen(0, ip, () => {
      const a = s.address()
      const port = typeof a === 'object' && a ? a.port : 0
      s.close(() => ok(port))
    })
  })
}

/** Resolves once `url` answers 200, failing early when daemon `name` has exited. */
export async function waitReady(
  dirs: DaemonDirs,
  name: string,
  url: string,
  timeoutMs = 90_000,
): Promise<void> {
  const end = Date.now() + timeoutMs
  for (;;) {
    try {
      const r = await fetch(url, { signal: AbortSignal.timeout(2000) })
      await r.arrayBuffer()
      if (r.status === 200) return
    } catch {
      // not listening yet
    }
    if (daemonPid(dirs, name) === undefined)
      throw new Error(`${name} exited while starting:\n${logTail(dirs, name)}`)
    if (Date.now() > end) throw new Error(`${name} did not answer ${url} within ${timeoutMs} ms`)
    await new Promise((ok) => setTimeout(ok, 100))
  }
}

/**
 * Stops every daemon of the state directory and removes it. SIGKILL at once: everything they
 * hold is about to be deleted, so there is nothing to flush.
 */
export async function clusterDown(stateDir: string): Promise<void> {
  const dir = resolve(stateDir)
  await stopAllDaemons(daemonDirs(dir), 'SIGKILL')
  rmSync(dir, { recursive: true, force: true })
}

function buildRings(info: ClusterInfo, swiftDir: string, partPower: number): void {
  const r = spawnSync(
    systemPython(),
    ['-c', ringBuilderScript({ swiftDir, hosts: info.hosts, partPower, replicas: info.replicas })],
    { encoding: 'utf8' },
  )
  if (r.status !== 0) throw new Error(`building the rings failed:\n${r.stderr || r.stdout}`)
}

/** Swift keeps object metadata in extended attributes: fail clearly where there are none. */
function checkXattrs(dir: string): void {
  const r = spawnSync(
    systemPython(),
    [
      '-c',
      'import os,sys; f=os.path.join(sys.argv[1],".xattr"); open(f,"w").close(); os.setxattr(f,"user.zerolab",b"1"); os.remove(f)',
      dir,
    ],
    { encoding: 'utf8' },
  )
  if (r.status !== 0)
    throw new Error(
      `${dir}: the file system has no user extended attributes, which Swift needs (${r.stderr.trim()})`,
    )
}

/** Starts memcached, the account/container/object servers of every host and the proxy. */
export async function swiftUp(o: UpOptions): Promise<ClusterInfo> {
  const log = o.log ?? (() => {})
  const stateDir = resolve(o.stateDir)
  ensureSwiftInstalled(log)
  if (existsSync(stateDir)) {
    log(`clearing a previous cluster in ${stateDir}`)
    await clusterDown(stateDir)
  }
  const dirs = daemonDirs(stateDir)
  const swiftDir = join(stateDir, 'etc')
  for (const d of [dirs.run, dirs.logs, swiftDir]) mkdirSync(d, { recursive: true })
  const proxyIp = o.proxyIp ?? '127.0.0.1'
  const ips = o.ips ?? DEFAULT_IPS
  const hosts: StorageHost[] = []
  for (const [i, ip] of ips.entries()) {
    const devices = join(stateDir, 'srv', `host${i + 1}`)
    const device = `d${i + 1}`
    mkdirSync(join(devices, device), { recursive: true })
    hosts.push({
      ip,
      device,
      devices,
      ports: {
        object: await freePort(ip),
        container: await freePort(ip),
        account: await freePort(ip),
      },
    })
  }
  checkXattrs(join(hosts[0]!.devices, hosts[0]!.device))
  const memcachePort = await freePort(proxyIp)
  const proxyPort = await freePort(proxyIp)
  const info: ClusterInfo = {
    stateDir,
    proxyUrl: `http://${proxyIp}:${proxyPort}`,
    memcache: `${proxyIp}:${memcachePort}`,
    hosts,
    replicas: o.replicas ?? 2,
    users: o.users ?? DEFAULT_USERS,
    clusterKey: randomBytes(18).toString('base64url'),
  }
  buildRings(info, swiftDir, o.partPower ?? 6)
  const user = userInfo().username
  const started: { name: string; url: string }[] = []
  startDaemon(dirs, {
    name: 'memcached',
    cmd: 'memcached',
    // -u only as root (memcached refuses root without it; others run as themselves).
    args: [
      '-l',
      proxyIp,
      '-p',
      String(memcachePort),
      '-U',
      '0',
      '-m',
      '64',
      ...(process.getuid?.() === 0 ? ['-u', user] : []),
    ],
  })
  for (const [i, h] of hosts.entries()) {
    for (const kind of SERVER_KINDS) {
      const conf = join(swiftDir, `host${i + 1}-${kind}-server.conf`)
      writeFileSync(conf, storageServerConf(kind, h, { swiftDir, user }))
      const name = `host${i + 1}-${kind}`
      startDaemon(dirs, { name, cmd: `swift-${kind}-server`, args: [conf, '--verbose'] })
      started.push({ name, url: `http://${h.ip}:${h.ports[kind]}/healthcheck` })
    }
  }
  const proxyConf = join(swiftDir, 'proxy-server.conf')
  writeFileSync(
    proxyConf,
    proxyServerConf({
      ip: proxyIp,
      port: proxyPort,
      swiftDir,
      user,
      memcache: info.memcache,
      users: info.users,
    }),
  )
  startDaemon(dirs, { name: 'proxy', cmd: 'swift-proxy-server', args: [proxyConf, '--verbose'] })
  started.push({ name: 'proxy', url: `${info.proxyUrl}/healthcheck` })
  writeCluster(info)
  log(`starting Swift: proxy ${info.proxyUrl}, storage on ${ips.join(', ')}`)
  await Promise.all(started.map((s) => waitReady(dirs, s.name, s.url)))
  return info
}
