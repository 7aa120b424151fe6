/**
 * The ZeroLab side of a loopback cluster: a node beside each Swift storage host (same
 * address) and the gateway in front of the proxy, as daemons of a state directory (which may
 * be the Swift cluster's own, or another one sharing its Swift: tests do that).
 */
import { mkdirSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { startDaemon, stopDaemon } from './daemons.ts'
import {
  daemonDirs,
  freePort,
  waitReady,
  type ClusterInfo,
  type NodeProc,
  type ZeroLabInfo,
} from './loopback.ts'

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../..')
const CLI = join(REPO, 'apps/server/src/cli/main.ts')

export interface ZeroLabUpOptions {
  swift: ClusterInfo
  /** Where the daemons' pids, logs and the gateway's data go. */
  stateDir: string
  /** Worker threads per node; default 2. */
  workers?: number
  /** Extra environment for every ZeroLab process. */
  env?: NodeJS.ProcessEnv
  log?: (line: string) => void
}

function zerolabEnv(swift: ClusterInfo, extra?: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return { ...process.env, ...extra, ZEROLAB_CLUSTER_KEY: swift.clusterKey, ZEROLAB_WARM_POOL: '1' }
}

/** (Re)starts node `n` with its recorded address and port; resolves once it answers. */
export async function startNode(
  o: Pick<ZeroLabUpOptions, 'swift' | 'stateDir' | 'env'>,
  n: NodeProc,
): Promise<void> {
  const dirs = daemonDirs(resolve(o.stateDir))
  startDaemon(dirs, {
    name: n.name,
    cmd: process.execPath,
    args: [
      '--import',
      'tsx',
      CLI,
      'node',
      '--swift',
      o.swift.proxyUrl,
      '--host',
      n.ip,
      '--port',
      String(n.port),
      '--name',
      n.name,
      '--workers',
      String(n.workers),
    ],
    env: zerolabEnv(o.swift, o.env),
    cwd: REPO,
  })
  await waitReady(dirs, n.name, `${n.url}/cluster/v1/health`)
}

/** Stops node `n` (SIGKILL: as if its host died). */
export async function killNode(
  stateDir: string,
  n: NodeProc,
  sig: NodeJS.Signals = 'SIGKILL',
): Promise<void> {
  await stopDaemon(daemonDirs(resolve(stateDir)), n.name, sig)
}

/** Starts a node on every storage host and the gateway; resolves once all answer. */
export async function zerolabUp(o: ZeroLabUpOptions): Promise<ZeroLabInfo> {
  const stateDir = resolve(o.stateDir)
  const dirs = daemonDirs(stateDir)
  for (const d of [dirs.run, dirs.logs]) mkdirSync(d, { recursive: true })
  const workers = o.workers ?? 2
  const nodes: NodeProc[] = []
  for (const [i, h] of o.swift.hosts.entries()) {
    const port = await freePort(h.ip)
    nodes.push({ name: `node${i + 1}`, ip: h.ip, port, url: `http://${h.ip}:${port}`, workers })
  }
  const gatewayPort = await freePort('127.0.0.1')
  const gatewayData = join(stateDir, 'gateway')
  const info: ZeroLabInfo = { gatewayUrl: `http://127.0.0.1:${gatewayPort}`, nodes, gatewayData }
  o.log?.(
    `starting ZeroLab: nodes ${nodes.map((n) => n.url).join(', ')}, gateway ${info.gatewayUrl}`,
  )
  await Promise.all(nodes.map((n) => startNode(o, n)))
  await startGateway(o, info)
  return info
}

/** (Re)starts the gateway with its recorded port and data dir. */
export async function startGateway(
  o: Pick<ZeroLabUpOptions, 'swift' | 'stateDir' | 'env'>,
  info: ZeroLabInfo,
): Promise<void> {
  const dirs = daemonDirs(resolve(o.stateDir))
  const port = new URL(info.gatewayUrl).port
  startDaemon(dirs, {
    name: 'gateway',
    cmd: process.execPath,
    args: [
      '--import',
      'tsx',
      CLI,
      'serve',
      '--swift',
      o.swift.proxyUrl,
      ...info.nodes.flatMap((n) => ['--node', n.url]),
      '--host',
      '127.0.0.1',
      '--port',
      port,
      '--data',
      info.gatewayData,
    ],
    env: zerolabEnv(o.swift, o.env),
    cwd: REPO,
  })
  await waitReady(dirs, 'gateway', `${info.gatewayUrl}/api/health`)
}

export async function stopGateway(
  stateDir: string,
  sig: NodeJS.Signals = 'SIGTERM',
): Promise<void> {
  await stopDaemon(daemonDirs(resolve(stateDir)), 'gateway', sig)
}
