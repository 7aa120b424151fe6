import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { webInputsHash } from './webBuild.ts'

let dir = ''
afterEach(() => rmSync(dir, { recursive: true, force: true }))

function repo(): string {
  dir = mkdtempSync(join(tmpdir(), 'zerolab-webhash-'))
  for (const d of ['apps/web/src', 'apps/web/node_modules/x', 'apps/web/dist', 'examples/a'])
    mkdirSync(join(dir, d), { recursive: true })
  writeFileSync(join(dir, 'apps/web/src/App.tsx'), 'export const A = 1\n')
  writeFileSync(join(dir, 'examples/a/job.json'), '{}\n')
  writeFileSync(join(dir, 'pnpm-lock.yaml'), 'lockfileVersion: 9\n')
  return dir
}

describe('webInputsHash', () => {
  it('changes with a source, an example or the lock file, not with output, deps or tests', () => {
    const r = repo()
    const h0 = webInputsHash(r)
    expect(webInputsHash(r)).toBe(h0)
    writeFileSync(join(r, 'apps/web/dist/index.html'), 'built')
    writeFileSync(join(r, 'apps/web/node_modules/x/index.js'), 'dep')
    writeFileSync(join(r, 'apps/web/src/App.test.ts'), 'test')
    expect(webInputsHash(r)).toBe(h0)
    writeFileSync(join(r, 'apps/web/src/App.tsx'), 'export const A = 2\n')
    const h1 = webInputsHash(r)
    expect(h1).not.toBe(h0)
    writeFileSync(join(r, 'examples/a/job.json'), '{"version":1}\n')
    const h2 = webInputsHash(r)
    expect(h2).not.toBe(h1)
    writeFileSync(join(r, 'pnpm-lock.yaml'), 'lockfileVersion: 9.1\n')
    expect(webInputsHash(r)).not.toBe(h2)
  })
})
