/**
 * Builds the web app only when its inputs changed: a SHA-256 over every file the Vite build can
 * read (apps/web sources, the shared and runtime packages, the examples it bundles, the lock
 * file) is kept next to the build in `apps/web/dist/.inputs-hash`. `pnpm start` and the e2e
 * setup call it; `node --import tsx scripts/webBuild.ts [--force]` runs it by hand.
 */
import { spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..')
export const WEB_DIST = join(REPO, 'apps/web/dist')
const HASH_FILE = join(WEB_DIST, '.inputs-hash')

/** What the build reads; folders are walked, skipping build output and dependencies. */
const INPUTS = [
  'apps/web',
  'packages/shared',
  'packages/runtime',
  'examples',
  'pnpm-lock.yaml',
  'tsconfig.base.json',
]
const SKIP = new Set(['node_modules', 'dist', '.vite', 'test-results'])

function walk(path: string, out: string[]): void {
  if (!existsSync(path)) return
  const entries = readdirSync(path, { withFileTypes: true })
  for (const e of entries) {
    if (SKIP.has(e.name) || e.name.startsWith('.')) continue
    const p = join(path, e.name)
    if (e.isDirectory()) walk(p, out)
    else if (e.isFile() && !/\.(test|bench)\.tsx?$/.test(e.name)) out.push(p)
  }
}

/** Hash of the web build's inputs: file paths and contents, in a stable order. */
export function webInputsHash(repo = REPO): string {
  const files: string[] = []
  for (const input of INPUTS) {
    const p = join(repo, input)
    if (input.includes('.')) {
      if (existsSync(p)) files.push(p)
    } else walk(p, files)
  }
  files.sort()
  const h = createHash('sha256')
  for (const f of files) {
    h.update(relative(repo, f))
    h.update('\0')
    h.update(readFileSync(f))
    h.update('\0')
  }
  return h.digest('hex')
}

export function builtHash(): string | null {
  try {
    return existsSync(join(WEB_DIST, 'index.html')) ? readFileSync(HASH_FILE, 'utf8').trim() : null
  } catch {
    return null
  }
}

/** Runs `vite build` unless the last build's inputs hash matches; returns whether it built. */
export function ensureWebBuild(o: { force?: boolean; log?: (line: string) => void } = {}): boolean {
  const log = o.log ?? ((l: string) => process.stderr.write(`${l}\n`))
  const hash = webInputsHash()
  if (!o.force && builtHash() === hash) {
    log(`web app is up to date (inputs ${hash.slice(0, 12)}); not rebuilding`)
    return false
  }
  log(`building the web app (inputs ${hash.slice(0, 12)})…`)
  const r = spawnSync('pnpm', ['--filter', '@zerolab/web', 'build'], {
    cwd: REPO,
    stdio: 'inherit',
  })
  if (r.status !== 0) throw new Error(`web build failed (exit ${r.status})`)
  writeFileSync(HASH_FILE, `${hash}\n`)
  return true
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    ensureWebBuild({ force: process.argv.includes('--force') })
  } catch (e) {
    process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`)
    process.exit(1)
  }
}
