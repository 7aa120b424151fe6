/**
 * A layered layout by `connect` depth: sources in the first column, each group one column
 * right of its deepest upstream group. Cycles are cut where they are met.
 */
export interface LayoutInput {
  name: string
  connect?: string[]
}

export const COLUMN_GAP = 280
export const ROW_GAP = 130

export function layerDepths(groups: LayoutInput[]): Map<string, number> {
  const upstream = new Map<string, string[]>(groups.map((g) => [g.name, []]))
  for (const g of groups) {
    for (const dst of g.connect ?? []) upstream.get(dst)?.push(g.name)
  }
  const depth = new Map<string, number>()
  const visiting = new Set<string>()
  const visit = (name: string): number => {
    const known = depth.get(name)
    if (known !== undefined) return known
    if (visiting.has(name)) return 0
    visiting.add(name)
    const ups = upstream.get(name) ?? []
    const d = ups.length ? Math.max(...ups.map((u) => visit(u) + 1)) : 0
    visiting.delete(name)
    depth.set(name, d)
    return d
  }
  for (const g of groups) visit(g.name)
  return depth
}

export function layeredLayout(groups: LayoutInput[]): Map<string, { x: number; y: number }> {
  const depth = layerDepths(groups)
  const columns = new Map<number, string[]>()
  for (const g of groups) {
    const d = depth.get(g.name) ?? 0
    columns.set(d, [...(columns.get(d) ?? []), g.name])
  }
  const tallest = Math.max(0, ...[...columns.values()].map((c) => c.length))
  const out = new Map<string, { x: number; y: number }>()
  for (const [d, names] of columns) {
    const offset = ((tallest - names.length) * ROW_GAP) / 2
    names.forEach((name, i) => out.set(name, { x: d * COLUMN_GAP, y: offset + i * ROW_GAP }))
  }
  return out
}
