import { createHash } from 'node:crypto'
import {
  existsSync,
  mkdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs'
import { createRequire } from 'node:module'
import type * as Esbuild from 'esbuild'
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

/** Boots a worker from TypeScript sources through tsx: ~1 s of CPU per worker. */
const TSX_BOOTSTRAP = new URL('./worker.mjs', import.meta.url)

const ENTRY = fileURLToPath(new URL('./workerEntry.ts', import.meta.url))
const PACKAGE = join(dirname(ENTRY), '..', '..')
/** Inside the package, so the bundle's external imports resolve from its node_modules. */
const CACHE = join(PACKAGE, 'node_modules', '.cache', 'zerolab-worker')

interface Manifest {
  inputs: Record<string, { size: number; mtimeMs: number }>
}

let cached: URL | undefined

function fresh(dir: string): boolean {
  try {
    const m = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as Manifest
    for (const [file, s] of Object.entries(m.inputs)) {
      const now = statSync(file)
      if (now.size !== s.size || now.mtimeMs !== s.mtimeMs) return false
    }
    return existsSync(join(dir, 'workerEntry.js'))
  } catch {
    return false
  }
}

/** Bundles the worker with esbuild (our sources in, npm packages left as imports). */
function build(dir: string): void {
  const require = createRequire(import.meta.url)
  const esbuild = require('esbuild') as typeof Esbuild
  const pkg = JSON.parse(readFileSync(join(PACKAGE, 'package.json'), 'utf8')) as {
    dependencies?: Record<string, string>
  }
  const external = Object.keys(pkg.dependencies ?? {}).filter((d) => !d.startsWith('@zerolab/'))
  const tmp = `${dir}.${process.pid}.${Date.now()}.tmp`
  const out = esbuild.buildSync({
    entryPoints: [ENTRY],
    outdir: tmp,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    external: [...external, ...external.map((d) => `${d}/*`)],
    metafile: true,
    logLevel: 'silent',
    absWorkingDir: PACKAGE,
  })
  const inputs: Manifest['inputs'] = {}
  for (const rel of Object.keys(out.metafile.inputs)) {
    const file = join(PACKAGE, rel)
    const s = statSync(file)
    inputs[file] = { size: s.size, mtimeMs: s.mtimeMs }
  }
  writeFileSync(join(tmp, 'manifest.json'), JSON.stringify({ inputs }))
  rmSync(dir, { recursive: true, force: true })
  try {
    renameSync(tmp, dir)
  } catch {
    // Another process put its bundle there first: use that one.
    rmSync(tmp, { recursive: true, force: true })
  }
}

/**
 * The script a sandbox worker boots from: the worker bundled into plain JavaScript (about
 * 100 ms of CPU to boot instead of tsx's second), rebuilt when a source changes; tsx's
 * bootstrap when bundling is not possible or `ZEROLAB_WORKER_BUNDLE=0`. Cheap boots are what
 * let a spare replace a worker killed at a timeout as fast as floods of them come.
 */
export function workerScript(): URL {
  if (cached) return cached
  if (process.env.ZEROLAB_WORKER_BUNDLE === '0') return (cached = TSX_BOOTSTRAP)
  const key = createHash('md5').update(ENTRY).digest('hex').slice(0, 12)
  const dir = join(CACHE, key)
  try {
    mkdirSync(CACHE, { recursive: true })
    if (!fresh(dir)) build(dir)
    cached = pathToFileURL(join(dir, 'workerEntry.js'))
  } catch {
    cached = TSX_BOOTSTRAP
  }
  return cached
}
