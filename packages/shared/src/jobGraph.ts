import { ZeroLabError } from './errors.ts'
import { parseJobPath } from './jobPath.ts'
import { zvmTargetGroup, type Job } from './job.ts'

/** Edges between groups: `connect` entries and the connections `zvm://` paths imply. */
function groupEdges(job: Job): { from: number; to: number; path: string }[] {
  const index = new Map(job.groups.map((g, i) => [g.name, i]))
  const edges: { from: number; to: number; path: string }[] = []
  job.groups.forEach((g, i) => {
    g.connect.forEach((c, k) => {
      const to = index.get(c)
      if (to !== undefined) edges.push({ from: i, to, path: `groups[${i}].connect[${k}]` })
    })
    g.devices.forEach((d, j) => {
      if (d.path === undefined) return
      const p = parseJobPath(d.path)
      if (typeof p === 'string' || p.scheme !== 'zvm') return
      const target = zvmTargetGroup(p.node, job.groups)
      const to = target ? index.get(target.name) : undefined
      if (to !== undefined) edges.push({ from: i, to, path: `groups[${i}].devices[${j}].path` })
    })
  })
  return edges
}

/**
 * Group indexes in dependency order. Pipes are batch (a reader gets all its input when its
 * writers have ended), so a cycle, including a group connected to itself, cannot run: it is
 * rejected with UNSUPPORTED naming the edge that closes the cycle.
 */
export function groupOrder(job: Job): number[] {
  const n = job.groups.length
  const edges = groupEdges(job)
  const out: number[][] = Array.from({ length: n }, () => [])
  for (const e of edges) out[e.from]!.push(e.to)
  const state = new Array<0 | 1 | 2>(n).fill(0)
  const order: number[] = []
  const stack: number[] = []
  const visit = (i: number): void => {
    state[i] = 1
    stack.push(i)
    for (const e of edges.filter((x) => x.from === i)) {
      if (state[e.to] === 1) {
        const cycle = [...stack.slice(stack.indexOf(e.to)), e.to].map((k) => job.groups[k]!.name)
        throw new ZeroLabError(
          'UNSUPPORTED',
          `${e.path}: cycle ${cycle.join(' → ')}; pipes are batch, so connections must form an acyclic graph`,
          e.path,
        )
      }
      if (state[e.to] === 0) visit(e.to)
    }
    stack.pop()
    state[i] = 2
    order.push(i)
  }
  for (let i = 0; i < n; i++) if (state[i] === 0) visit(i)
  return order.reverse()
}
