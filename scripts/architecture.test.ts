// The repo's structural rules, checked over the real sources (see ARCHITECTURE.md).
import { existsSync, readFileSync, readdirSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { cycles, groupEdges, importsOf, sourceFiles, specifiersOf } from './importGraph.ts'

const ROOT = join(import.meta.dirname, '..')

describe('import graph helpers', () => {
  it('finds static, dynamic and re-export specifiers', () => {
    const src = `import { a } from './a.ts'\nimport type { B } from "../b/index.ts"\nexport { c } from './c.ts'\nconst d = await import('./d.ts')\nimport x from 'react'\nimport u from './u.wasm?url'`
    expect(importsOf(src)).toEqual(['./a.ts', '../b/index.ts', './c.ts', './d.ts', './u.wasm'])
  })

  it('reports groups that import each other in a circle', () => {
    const e = (from: string, to: string) => ({ from, to })
    expect(cycles([e('a', 'b'), e('b', 'c'), e('c', 'a'), e('c', 'd')])).toEqual([['a', 'b', 'c']])
    expect(cycles([e('a', 'b'), e('b', 'c')])).toEqual([])
  })
})

describe('web app', () => {
  const files = sourceFiles(ROOT, 'apps/web/src')
  const feature = (f: string): string | null =>
    /^apps\/web\/src\/features\/([^/]+)\//.exec(f)?.[1] ?? null

  it('feature folders import each other without cycles', () => {
    expect(cycles(groupEdges(ROOT, files, feature))).toEqual([])
  })

  it('features import each other only through their entry points', () => {
    const deep = groupEdges(ROOT, files, feature).filter(
      (e) => !/^\.\.\/[^/]+\/index\.ts$/.test(e.spec),
    )
    expect(deep.map((e) => `${e.file} → ${e.spec}`)).toEqual([])
  })

  it('layers (state, ui, objectStore, runtime) never import a feature', () => {
    const layer = (f: string): string | null =>
      /^apps\/web\/src\/(state|ui|objectStore|runtime)\//.exec(f)?.[1] ??
      (feature(f) === null ? null : 'features')
    const up = groupEdges(ROOT, files, layer).filter((e) => e.to === 'features')
    expect(up.map((e) => `${e.file} → ${e.spec}`)).toEqual([])
  })
})

describe('server', () => {
  const files = sourceFiles(ROOT, 'apps/server/src').filter((f) => !f.endsWith('.test.ts'))
  // The composition root (openDeps, AppDeps, createApp, serve, index) may import anything.
  const COMPOSITION = /^apps\/server\/src\/(app|appDeps|openDeps|serve|index)\.ts$/
  const group = (f: string): string | null =>
    COMPOSITION.test(f)
      ? null
      : (/^apps\/server\/src\/(?:([^/]+)\/|([^/]+)\.ts$)/.exec(f)?.slice(1).find(Boolean) ?? null)

  it('folders import each other without cycles', () => {
    expect(cycles(groupEdges(ROOT, files, group))).toEqual([])
  })

  it('routes reach the database only through services (no repo, no SQL)', () => {
    const routes = files.filter((f) =>
      /\/(register\w*Routes|authRoutes|\w+Handler|create\w*Api)\.ts$/.test(f),
    )
    expect(routes.length).toBeGreaterThan(5)
    const bad = routes.flatMap((f) => {
      const src = readFileSync(join(ROOT, f), 'utf8')
      const hits = importsOf(src).filter((s) => /\/db\/|Repo\.ts$/.test(s))
      if (/better-sqlite3/.test(src) || /\.prepare\(/.test(src)) hits.push('SQL')
      return hits.map((h) => `${f} → ${h}`)
    })
    expect(bad).toEqual([])
  })
})

describe('packages', () => {
  // The workspace packages (pnpm-workspace.yaml) and their names.
  const dirs = ['packages', 'apps'].flatMap((top) =>
    sourceDirs(top).filter((d) => existsSync(join(ROOT, d, 'package.json'))),
  )
  dirs.push('examples')
  const nameOf = new Map(
    dirs.map((d) => [
      d,
      (JSON.parse(readFileSync(join(ROOT, d, 'package.json'), 'utf8')) as { name: string }).name,
    ]),
  )
  // Product code only: tests and test helpers may cross (an app's test drives the real server).
  const product = (d: string) =>
    sourceFiles(ROOT, d).filter((f) => !/\.test\.tsx?$|\/(test|testing)\/|\/testing\.ts$/.test(f))
  const uses = dirs.flatMap((d) =>
    product(d).flatMap((file) =>
      specifiersOf(readFileSync(join(ROOT, file), 'utf8')).map((spec) => ({
        from: nameOf.get(d)!,
        dir: d,
        file,
        spec,
      })),
    ),
  )
  const packageOf = (spec: string) => /^@zerolab\/[^/]+/.exec(spec)?.[0]

  it('import each other by name, never by a relative path out of their folder', () => {
    const out = uses.filter(
      (u) =>
        u.spec.startsWith('.') &&
        relative(u.dir, resolve(dirname(u.file), u.spec)).startsWith('..'),
    )
    expect(out.map((u) => `${u.file} → ${u.spec}`)).toEqual([])
  })

  it('depend one way: shared on nothing, nothing on an app, no cycles', () => {
    const edges = uses.flatMap((u) => {
      const to = packageOf(u.spec)
      return to && to !== u.from ? [{ from: u.from, to, file: u.file }] : []
    })
    expect(edges.filter((e) => e.from === '@zerolab/shared').map((e) => e.file)).toEqual([])
    const apps = new Set(dirs.filter((d) => d.startsWith('apps/')).map((d) => nameOf.get(d)))
    expect(edges.filter((e) => apps.has(e.to)).map((e) => `${e.file} → ${e.to}`)).toEqual([])
    expect(cycles(edges)).toEqual([])
    expect(edges.some((e) => e.from === '@zerolab/runtime' && e.to === '@zerolab/shared')).toBe(
      true,
    )
  })
})

describe('ARCHITECTURE.md', () => {
  it('names only paths that exist', () => {
    const doc = readFileSync(join(ROOT, 'ARCHITECTURE.md'), 'utf8')
    const paths = [
      ...doc.matchAll(/`((?:apps|packages|scripts|docs|examples|e2e|bench)\/[^`\s]*)`/g),
    ]
      .map((m) => m[1]!)
      .filter((p) => !/[<*{]/.test(p))
    expect(paths.length).toBeGreaterThan(20)
    expect(paths.filter((p) => !existsSync(join(ROOT, p)))).toEqual([])
  })
})

function sourceDirs(top: string): string[] {
  return readdirSync(join(ROOT, top), { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => `${top}/${e.name}`)
}
