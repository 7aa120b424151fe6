import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { makePrincipal } from '../auth/principal.ts'
import { makeConfig } from '../config.ts'
import { silentLogger } from '../log.ts'
import { openDeps } from '../openDeps.ts'
import { INLINE_MAX } from './objectService.ts'

const dirs: string[] = []
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})

async function* bytes(s: string): AsyncIterable<Uint8Array> {
  yield new TextEncoder().encode(s)
}

/** Big enough to live in a file rather than in its row. */
const big = (s: string): string => s + '.'.repeat(INLINE_MAX)

describe('start-up recovery', () => {
  it('removes temp files and unreferenced object files, keeps committed ones', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'zerolab-recover-'))
    dirs.push(dir)
    const cfg = makeConfig({ dataDir: dir })
    const admin = makePrincipal('admin', 'admin')
    const a = openDeps(cfg, { log: silentLogger, users: undefined })
    a.store.putContainer(admin, 'AUTH_admin', 'c', {})
    const ref = { account: 'AUTH_admin', container: 'c', name: 'keep' }
    await a.store.putObject(admin, ref, bytes(big('kept')))
    // an overwrite replaces the file: the old one is gone, one file remains
    await a.store.putObject(admin, ref, bytes(big('kept!')))
    // a small object lives in its row: no file
    const small = { ...ref, name: 'small' }
    await a.store.putObject(admin, small, bytes('tiny'))
    a.close()
    // leftovers of a crash: a partial temp file, a renamed file whose row never committed
    writeFileSync(join(dir, 'tmp', '0b2f0f0e-0000-4000-8000-000000000000'), 'partial')
    mkdirSync(join(dir, 'objects', 'ff'), { recursive: true })
    writeFileSync(join(dir, 'objects', 'ff', 'ff2f0f0e-0000-4000-8000-000000000000'), 'orphan')

    const b = openDeps(cfg, { log: silentLogger, users: undefined })
    expect(readdirSync(join(dir, 'tmp'))).toEqual([])
    const objs = b.store.allObjects()
    expect(objs).toHaveLength(2)
    const files = readdirSync(join(dir, 'objects')).flatMap((d) =>
      readdirSync(join(dir, 'objects', d)),
    )
    expect(files).toHaveLength(1)
    const got = await b.store.readAll(admin, ref, 1 << 20)
    expect(new TextDecoder().decode(got.bytes)).toBe(big('kept!'))
    expect(new TextDecoder().decode((await b.store.readAll(admin, small, 1 << 20)).bytes)).toBe(
      'tiny',
    )
    b.close()
  })
})
