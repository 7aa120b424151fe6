import type { PlannedInstance } from '@zerolab/runtime'
import type { SwiftClient } from '../../swiftBackend/swiftClient.ts'
import type { ClusterNode } from './nodeRegistry.ts'

/**
 * The hosts holding a replica of each instance's attach object (ZeroCloud's rule, resolved by
 * the engine's expansion: `attach`, else the last-declared readable device, …), from the
 * proxy's list_endpoints; [] for an instance with no object to follow.
 */
export async function replicaHosts(
  client: SwiftClient,
  instances: PlannedInstance[],
  concurrency = 16,
): Promise<string[][]> {
  const out: string[][] = instances.map(() => [])
  let next = 0
  await Promise.all(
    Array.from({ length: Math.min(concurrency, instances.length) }, async () => {
      for (let i = next++; i < instances.length; i = next++) {
        const o = instances[i]!.attached?.object
        if (!o) continue
        try {
          const ep = await client.endpoints(o.account, o.container, o.object)
          out[i] = [...new Set(ep.urls.map((u) => new URL(u).hostname))]
        } catch {
          // no list_endpoints (or it failed): the instance goes to the least-loaded node
        }
      }
    }),
  )
  return out
}

export const holds = (n: ClusterNode, hosts: readonly string[]): boolean =>
  hosts.some((h) => n.ips.has(h))

/**
 * The node for an instance: among live nodes holding a replica of its object, the least
 * loaded; with none, the least loaded live node. `load` counts what is queued and running
 * there. Ties go to the node that has taken fewer instances of this job, then in order.
 */
export function chooseNode(
  alive: readonly ClusterNode[],
  hosts: readonly string[],
  load: (n: ClusterNode) => number,
  taken: (n: ClusterNode) => number,
): ClusterNode | undefined {
  const local = alive.filter((n) => holds(n, hosts))
  const pool = local.length ? local : alive
  let best: ClusterNode | undefined
  for (const n of pool) {
    if (
      !best ||
      load(n) / n.slots < load(best) / best.slots ||
      (load(n) / n.slots === load(best) / best.slots && taken(n) < taken(best))
    )
      best = n
  }
  return best
}
