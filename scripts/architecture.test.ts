// The repo's structural rules, checked over the real sources (see ARCHITECTURE.md).
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { cycles, groupEdges, importsOf, sourceFiles } from './importGraph.ts'

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
