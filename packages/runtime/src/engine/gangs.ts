import type { PlannedInstance } from './plan.ts'

/**
 * Instances that must run at the same time: the strongly connected components of the pipe
 * graph (a cycle, a self-connected group, request/reply), each a list of instance indexes,
 * in topological order (every writer's gang before its readers' gangs). A gang of one is an
 * instance on its own. Iterative Tarjan, linear in instances + pipes.
 */
export function gangsOf(insts: PlannedInstance[]): { gangs: number[][]; gangOf: Int32Array } {
  const n = insts.length
  // Edges writer → reader; `upstream` holds 1-based ids of the writers.
  const out: number[][] = Array.from({ length: n }, () => [])
  insts.forEach((inst, i) => {
    for (const u of new Set(inst.upstream)) out[u - 1]!.push(i)
  })
  const index = new Int32Array(n).fill(-1)
  const low = new Int32Array(n)
  const onStack = new Uint8Array(n)
  const gangOf = new Int32Array(n).fill(-1)
  const stack: number[] = []
  const found: number[][] = []
  let next = 0
  for (let root = 0; root < n; root++) {
    if (index[root] !== -1) continue
    const work: [number, number][] = [[root, 0]]
    while (work.length > 0) {
      const top = work[work.length - 1]!
      const [v, edge] = top
      if (edge === 0) {
        index[v] = low[v] = next++
        stack.push(v)
        onStack[v] = 1
      }
      const succ = out[v]!
      if (edge < succ.length) {
        top[1]++
        const w = succ[edge]!
        if (index[w] === -1) work.push([w, 0])
        else if (onStack[w]) low[v] = Math.min(low[v]!, index[w]!)
        continue
      }
      work.pop()
      if (work.length > 0) {
        const parent = work[work.length - 1]![0]
        low[parent] = Math.min(low[parent]!, low[v]!)
      }
      if (low[v] === index[v]) {
        const gang: number[] = []
        let w: number
        do {
          w = stack.pop()!
          onStack[w] = 0
          gang.push(w)
        } while (w !== v)
        found.push(gang.sort((a, b) => a - b))
      }
    }
  }
  // Tarjan finds readers' components before their writers': reverse for topological order.
  const gangs = found.reverse()
  gangs.forEach((g, k) => {
    for (const i of g) gangOf[i] = k
  })
  return { gangs, gangOf }
}
