/**
 * Test-time builders for component fixtures: C → `clang --target=wasm32-wasi` →
 * `jco new --wasi-command`, or component WAT → `jco parse`. Outputs are cached by source
 * hash under node_modules/.cache/zerolab-component/.
 */
import { execFileSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { ChannelSpec, InstanceSpec } from '@zerolab/shared'
import { fixturePath } from './clang.ts'
import { bytesOf, makeSpec, type SpecInput } from './spec.ts'

const root = dirname(dirname(fileURLToPath(import.meta.url)))
export const FIXTURES = join(root, 'test', 'fixtures')
const CACHE = join(root, 'node_modules', '.cache', 'zerolab-component')
const JCO = join(root, 'node_modules', '.bin', 'jco')

function cachedBuild(key: string, build: (out: string) => void): Uint8Array {
  mkdirSync(CACHE, { recursive: true })
  const out = join(CACHE, `${key}.component.wasm`)
  if (!existsSync(out)) {
    const tmp = `${out}.${process.pid}.tmp`
    build(tmp)
    renameSync(tmp, out)
  }
  return new Uint8Array(readFileSync(out))
}

/** Compiles a C file (path relative to test/fixtures) into a WASI command component. */
export function buildComponent(cPath: string): Uint8Array {
  const src = fixturePath(cPath)
  const hash = createHash('sha256').update(readFileSync(src)).digest('hex').slice(0, 16)
  return cachedBuild(hash, (out) => {
    const core = `${out}.core.wasm`
    execFileSync('clang', ['--target=wasm32-wasi', '-O2', '-Wl,--strip-all', '-o', core, src])
    try {
      execFileSync(JCO, ['new', core, '--wasi-command', '-o', out])
    } finally {
      rmSync(core, { force: true })
    }
  })
}

/** Assembles a component from WAT text (path relative to test/fixtures). */
export function buildComponentWat(watPath: string): Uint8Array {
  const src = join(FIXTURES, watPath)
  const hash = createHash('sha256').update(readFileSync(src)).digest('hex').slice(0, 16)
  return cachedBuild(`wat-${hash}`, (out) => execFileSync(JCO, ['parse', src, '-o', out]))
}

export type SpecOptions = Omit<SpecInput, 'code' | 'image' | 'lang'>

export { bytesOf }

/** An InstanceSpec for the component image with stdin/stdout/stderr plus `channels`. */
export function componentSpec(code: Uint8Array, o: SpecOptions = {}): InstanceSpec {
  const std: ChannelSpec[] = [
    { alias: '/dev/stdin', mode: 'read', kind: 'local', data: bytesOf(o.stdin ?? '') },
    { alias: '/dev/stdout', mode: 'write', kind: 'local' },
    { alias: '/dev/stderr', mode: 'write', kind: 'local' },
  ]
  return makeSpec({
    ...o,
    code,
    image: 'component',
    name: o.name ?? 'comp-1',
    stdin: undefined,
    channels: [...std, ...(o.channels ?? [])],
  })
}
