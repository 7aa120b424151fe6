import { execFileSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const here = dirname(fileURLToPath(import.meta.url))

/** Compiles test/fixtures/<name>.c with clang --target=wasm32-wasi (cached by source hash). */
export function compileFixture(name: string): Uint8Array {
  const src = join(here, 'fixtures', `${name}.c`)
  const hash = createHash('md5').update(readFileSync(src)).digest('hex').slice(0, 12)
  const dir = join(tmpdir(), 'zerolab-server-fixtures')
  mkdirSync(dir, { recursive: true })
  const out = join(dir, `${name}-${hash}.wasm`)
  if (!existsSync(out)) {
    const tmp = `${out}.${process.pid}.tmp`
    execFileSync('clang', ['--target=wasm32-wasi', '-O2', '-o', tmp, src], { stdio: 'pipe' })
    execFileSync('mv', [tmp, out])
  }
  return new Uint8Array(readFileSync(out))
}
