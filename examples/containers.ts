/**
 * Which containers of the caller's account (`swift://~/<container>/…`) a job touches. Seeding
 * creates every one the examples and lessons name, so their outputs can be committed on a
 * fresh server (the store, like Swift, never creates a container for an object write).
 * Platform-free: the seed, the playground's lessons and their tests use it.
 */

/** A container for the playground's own outputs (lessons write there); always seeded. */
export const RESULTS_CONTAINER = 'results'

const OWN = /^swift:\/\/~\/([^/*?[\]]+)\//

interface LooseGroup {
  exec?: { path?: unknown }
  devices?: { path?: unknown }[]
  file_list?: { path?: unknown }[]
}

/** Containers named by a job's program paths and device paths, in first-seen order. */
export function jobContainers(job: unknown): string[] {
  const groups = (Array.isArray(job) ? job : ((job as { groups?: unknown })?.groups ?? [])) as
    LooseGroup[] | unknown
  const out = new Set<string>()
  if (!Array.isArray(groups)) return []
  for (const g of groups as LooseGroup[]) {
    const paths = [
      g.exec?.path,
      ...[...(g.devices ?? []), ...(g.file_list ?? [])].map((d) => d.path),
    ]
    for (const p of paths) {
      const m = typeof p === 'string' ? OWN.exec(p) : null
      if (m) out.add(m[1]!)
    }
  }
  return [...out]
}
