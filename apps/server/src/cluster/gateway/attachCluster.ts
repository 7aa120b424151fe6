import { ZeroLabError } from '@zerolab/shared'
import type { AppDeps } from '../../appDeps.ts'
import { NodeRegistry } from './nodeRegistry.ts'
import { SwiftTokenAuth } from './swiftTokenAuth.ts'

const envInt = (name: string, dflt: number): number => {
  const v = Number(process.env[name])
  return Number.isInteger(v) && v > 0 ? v : dflt
}

/**
 * Turns the server into a cluster gateway: Swift's tempauth becomes the auth (tokens learnt
 * from the /auth pass-through), jobs run on the nodes (`--node` URLs, polled for health), and
 * the object API passes through to the proxy (app.ts). The SQLite data dir keeps jobs, shares
 * and known tokens. Call before createApp.
 */
export async function attachCluster(
  deps: AppDeps,
  proxyUrl: string,
  nodes: string[],
): Promise<void> {
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
  const auth = new SwiftTokenAuth(deps.db)
  const registry = new NodeRegistry(nodes, key, deps.log)
  await registry.start()
  deps.auth = auth
  deps.cluster = {
    proxyUrl: proxy.origin,
    registry,
    remember: (t) => auth.remember(t),
    maxAttempts: envInt('ZEROLAB_CLUSTER_MAX_ATTEMPTS', 3),
  }
}
