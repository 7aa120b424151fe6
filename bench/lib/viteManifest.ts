/** The built web app's files as the Vite manifest lists them (benches of the playground). */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { webDist } from '../../e2e/server.ts'

export interface ManifestChunk {
  file: string
  isEntry?: boolean
  imports?: string[]
  dynamicImports?: string[]
  css?: string[]
}

export function readManifest(): Record<string, ManifestChunk> {
  return JSON.parse(readFileSync(join(webDist(), '.vite/manifest.json'), 'utf8')) as Record<
    string,
    ManifestChunk
  >
}

/** Files the entry loads before anything is lazily imported. */
export function initialFiles(manifest: Record<string, ManifestChunk>): {
  js: string[]
  css: string[]
} {
  const js = new Set<string>()
  const css = new Set<string>()
  const visit = (key: string): void => {
    const c = manifest[key]
    if (!c || js.has(c.file)) return
    js.add(c.file)
    for (const f of c.css ?? []) css.add(f)
    for (const i of c.imports ?? []) visit(i)
  }
  for (const [key, c] of Object.entries(manifest)) if (c.isEntry) visit(key)
  return { js: [...js], css: [...css] }
}

export const gzipBytes = (file: string): number =>
  gzipSync(readFileSync(join(webDist(), file)), { level: 9 }).length

export const kb = (n: number): number => Math.round((n / 1024) * 10) / 10
