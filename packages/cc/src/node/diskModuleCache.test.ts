import { mkdtempSync, readdirSync, rmSync, utimesSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { DiskModuleCache } from './diskModuleCache.ts'

const root = mkdtempSync(join(tmpdir(), 'zl-modcache-'))
afterAll(() => rmSync(root, { recursive: true, force: true }))

const key = (n: number): string => n.toString(16).padStart(64, '0')
const mod = (bytes: number, fill: number) => ({
  wasm: new Uint8Array(bytes).fill(fill),
  log: '',
  diagnostics: [],
})

describe('DiskModuleCache', () => {
  it('keeps modules with their warnings and gives them back', async () => {
    const c = new DiskModuleCache(join(root, 'a'), 1 << 20)
    const warning = { severity: 'warning' as const, line: 3, column: 7, message: 'unused variable' }
    await c.put(key(1), {
      wasm: new Uint8Array([0, 97, 115, 109]),
      log: 'w\n',
      diagnostics: [warning],
    })
    const got = await new DiskModuleCache(join(root, 'a'), 1 << 20).get(key(1))
    expect(got).toEqual({
      wasm: new Uint8Array([0, 97, 115, 109]),
      log: 'w\n',
      diagnostics: [warning],
    })
    expect(await c.get(key(2))).toBeUndefined()
    expect(await c.get('../../etc/passwd')).toBeUndefined()
  })

  it('stays under its size, dropping the least recently used', async () => {
    const dir = join(root, 'b')
    const c = new DiskModuleCache(dir, 2500)
    await c.put(key(1), mod(1000, 1))
    await c.put(key(2), mod(1000, 2))
    // key 1 was used last (a hit touches it), so key 2 goes when key 3 arrives.
    const old = new Date(Date.now() - 60_000)
    utimesSync(join(dir, `${key(2)}.wasm`), old, old)
    utimesSync(join(dir, `${key(1)}.wasm`), old, old)
    expect(await c.get(key(1))).toBeDefined()
    await c.put(key(3), mod(1000, 3))
    expect(await c.get(key(2))).toBeUndefined()
    expect((await c.get(key(1)))?.wasm[0]).toBe(1)
    expect((await c.get(key(3)))?.wasm[0]).toBe(3)
    expect(await c.size()).toBeLessThanOrEqual(2500)
    expect(readdirSync(dir).filter((n) => n.endsWith('.tmp'))).toEqual([])
  })
})
