import { readFileSync, readdirSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'

const IMPORT =
  /(?:^|[\s;])(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g

/** Every specifier a TS/TSX source imports: static, dynamic and `export … from`. */
export function specifiersOf(source: string): string[] {
  const out: string[] = []
  for (const m of source.matchAll(IMPORT)) {
    const spec = m[1] ?? m[2]
    if (spec) out.push(spec.replace(/\?.*$/, ''))
  }
  return out
}

/** The relative specifiers among them (files of this repo). */
export function importsOf(source: string): string[] {
  return specifiersOf(source).filter((s) => s.startsWith('.'))
}

/** Every .ts/.tsx file under `dir`, as paths relative to `root`. */
export function sourceFiles(root: string, dir: string): string[] {
  const out: string[] = []
  const walk = (d: string): void => {
    for (const e of readdirSync(join(root, d), { withFileTypes: true })) {
      if (e.name === 'node_modules' || e.name === 'dist') continue
      const p = join(d, e.name)
      if (e.isDirectory()) walk(p)
      else if (/\.tsx?$/.test(e.name)) out.push(p)
    }
  }
  walk(dir)
  return out.sort()
}

export interface Edge {
  from: string
  to: string
  /** The importing file and the specifier it wrote. */
  file: string
  spec: string
}

/**
 * Edges between the groups `groupOf` puts files in (a folder, a layer), one per import that
 * crosses groups; files `groupOf` maps to null are left out.
 */
export function groupEdges(
  root: string,
  files: readonly string[],
  groupOf: (file: string) => string | null,
): Edge[] {
  const edges: Edge[] = []
  for (const file of files) {
    const from = groupOf(file)
    if (from === null) continue
    for (const spec of importsOf(readFileSync(join(root, file), 'utf8'))) {
      const target = relative(root, resolve(root, dirname(file), spec))
      const to = groupOf(target)
      if (to !== null && to !== from) edges.push({ from, to, file, spec })
    }
  }
  return edges
}

/** Groups that reach each other (strongly connected components of size > 1), sorted. */
export function cycles(edges: readonly Pick<Edge, 'from' | 'to'>[]): string[][] {
  const next = new Map<string, Set<string>>()
  for (const e of edges) {
    if (!next.has(e.from)) next.set(e.from, new Set())
    if (!next.has(e.to)) next.set(e.to, new Set())
    next.get(e.from)!.add(e.to)
  }
  // Tarjan's algorithm.
  let counter = 0
  const index = new Map<string, number>()
  const low = new Map<string, number>()
  const stack: string[] = []
  const onStack = new Set<string>()
  const out: string[][] = []
  const visit = (v: string): void => {
    index.set(v, counter)
    low.set(v, counter++)
    stack.push(v)
    onStack.add(v)
    for (const w of next.get(v)!) {
      if (!index.has(w)) {
        visit(w)
        low.set(v, Math.min(low.get(v)!, low.get(w)!))
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!))
    }
    if (low.get(v) !== index.get(v)) return
    const scc: string[] = []
    let w: string
    do {
      w = stack.pop()!
      onStack.delete(w)
      scc.push(w)
    } while (w !== v)
    if (scc.length > 1) out.push(scc.sort())
  }
  for (const v of [...next.keys()].sort()) if (!index.has(v)) visit(v)
  return out
}
