import type { HealthView } from '@zerolab/shared'
import type { ClusterDeps } from './clusterDeps.ts'

/** The cluster part of /api/health: the proxy and every node as the gateway sees it now. */
export function clusterHealth(c: ClusterDeps): NonNullable<HealthView['cluster']> {
  return {
    swift: c.proxyUrl,
    nodes: c.registry.nodes.map((n) => ({
      name: n.name,
      url: n.url,
      alive: n.alive,
      slots: n.slots,
      ips: [...n.ips],
    })),
  }
}
