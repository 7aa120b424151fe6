import { ZeroLabError } from '@zerolab/shared'
import type { Logger } from '../../log.ts'
import { NodeRegistry } from './nodeRegistry.ts'

const envInt = (name: string, dflt: number): number => {
  const v = Number(process.env[name])
  return Number.isInteger(v) && v > 0 ? v : dflt
}

/** What `openDeps` needs to make the server a cluster gateway (OpenDepsOptions.cluster). */
export interface ClusterSetup {
  /** The Swift proxy's origin. */
  proxyUrl: string
  /** The nodes (`--node` URLs), polled for health from now on. */
  registry: NodeRegistry
  /** Runs of one instance before it is given up (a node lost mid-run costs one). */
  maxAttempts: number
}

/**
 * Checks `serve --swift <proxy> --node <url>…` and starts polling the nodes. `openDeps` then
 * wires the gateway: Swift's tempauth becomes the auth (tokens learnt from the /auth
 * pass-through), jobs run on the nodes, and the object API passes through to the proxy. The
 * SQLite data dir keeps jobs, shares and known tokens.
 */
export async function openCluster(
  proxyUrl: string,
  nodes: string[],
  log: Logger,
): Promise<ClusterSetup> {
  let proxy: URL
  try {
    proxy = new URL(proxyUrl)
  } catch {
    throw new ZeroLabError('INVALID_REQUEST', `--swift ${proxyUrl} is not a URL`, '--swift')
  }
  if (nodes.length === 0)
    throw new ZeroLabError(
      'INVALID_REQUEST',
      'cluster mode needs at least one --node <url>',
      '--node',
    )
  for (const n of nodes) {
    try {
      new URL(n)
    } catch {
      throw new ZeroLabError('INVALID_REQUEST', `--node ${n} is not a URL`, '--node')
    }
  }
  const key = process.env.ZEROLAB_CLUSTER_KEY
  if (!key || key.length < 16)
    throw new ZeroLabError(
      'INVALID_REQUEST',
      'ZEROLAB_CLUSTER_KEY must hold the secret shared with the nodes (16 characters or more)',
      'ZEROLAB_CLUSTER_KEY',
    )
  const registry = new NodeRegistry(nodes, key, log)
  await registry.start()
  return {
    proxyUrl: proxy.origin,
    registry,
    maxAttempts: envInt('ZEROLAB_CLUSTER_MAX_ATTEMPTS', 3),
  }
}
