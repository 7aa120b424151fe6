import { execFileSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, renameSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const here = dirname(fileURLToPath(import.meta.url))
export const FIXTURES = join(here, 'fixtures')
const REPO = join(here, '..', '..', '..')

/** A C source by name: `test/fixtures/<name>`, or `examples/…` (the gallery's own C, run as is). */
export const fixturePath = (name: string): string =>
  name.startsWith('examples/') ? join(REPO, name) : join(FIXTURES, name)
const CACHE = join(here, '..', 'node_modules', '.cache', 'zerolab-c')

export type Target = 'wasm' | 'native'

function build(name: string, target: Target): string {
  const src = fixturePath(name)
  const text = readFileSync(src)
  const flags = target === 'wasm' ? ['--target=wasm32-wasi', '-O2'] : ['-O2']
  const key = createHash('sha256').update(text).update(flags.join(' ')).digest('hex').slice(0, 16)
  const out = join(
    CACHE,
    `${name.replace(/\W/g, '_')}-${target}-${key}${target === 'wasm' ? '.wasm' : ''}`,
  )
  if (existsSync(out)) return out
  mkdirSync(CACHE, { recursive: true })
  const tmp = `${out}.${process.pid}.tmp`
  const cc = target === 'wasm' ? 'clang' : 'cc'
  execFileSync(cc, [...flags, '-o', tmp, src], { stdio: ['ignore', 'inherit', 'inherit'] })
  renameSync(tmp, out)
  return out
}

/**
 * Compiles `test/fixtures/<name>` (C) with `clang --target=wasm32-wasi -O2`, cached by
 * source hash under node_modules/.cache/zerolab-c so each fixture compiles once.
 */
export function compileC(name: string): Uint8Array {
  return new Uint8Array(readFileSync(build(name, 'wasm')))
}

/** Path of the same fixture built natively with `cc -O2` (benchmark baselines). */
export function compileNative(name: string): string {
  return build(name, 'native')
}
