import type { ClusterDeps } from './clusterDeps.ts'

/** The cluster part of /api/health: the proxy and every node as the gateway sees it now. */
export function clusterHealth(c: ClusterDeps): {
  swift: string
  nodes: { name: string; url: string; alive: boolean; slots: number; ips: string[] }[]
} {
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
