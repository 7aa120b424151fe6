import { mkdtempSync, readdirSync, rmSync, writeFileSync, mkdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { DirStore } from './dirStore.ts'
import { FileSpool } from './spool.ts'

const enc = new TextEncoder()
const dirs: string[] = []
const fresh = (): string => {
  const d = mkdtempSync(join(tmpdir(), 'dirstore-'))
  dirs.push(d)
  return d
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})

describe('DirStore', () => {
  it('puts, lists with prefix, gets ranges, heads with metadata, deletes', async () => {
    const dir = fresh()
    const s = new DirStore(dir)
    const info = await s.put('acct', 'c', 'a/b/obj.txt', enc.encode('hello world'), {
      contentType: 'text/x',
      meta: { k: 'v' },
    })
    expect(info.etag).toBe('5eb63bbbe01eeed093cb22bb8f5acdc3')
    await s.put('acct', 'c', 'z.bin', enc.encode('z'))
    expect((await s.list('acct', 'c')).map((o) => o.name)).toEqual(['a/b/obj.txt', 'z.bin'])
    expect((await s.list('acct', 'c', { prefix: 'a/' })).map((o) => o.name)).toEqual([
      'a/b/obj.txt',
    ])
    expect(await s.listContainers('acct')).toEqual(['c'])
    const got = await s.get('acct', 'c', 'a/b/obj.txt', { start: 6, end: 9 })
    expect(new TextDecoder().decode(got!.data)).toBe('worl')
    expect(got!.info).toMatchObject({ contentType: 'text/x', meta: { k: 'v' }, bytes: 11 })
    expect(readdirSync(join(dir, 'acct', 'c', 'a', 'b'))).toEqual(['obj.txt'])
    expect(readdirSync(join(dir, '.tmp'))).toEqual([])
    expect(await s.delete('acct', 'c', 'z.bin')).toBe(true)
    expect(await s.head('acct', 'c', 'z.bin')).toBeUndefined()
    expect(await s.delete('acct', 'c', 'z.bin')).toBe(false)
  })

  it('treats files copied in by hand as objects (ETag computed)', async () => {
    const dir = fresh()
    mkdirSync(join(dir, 'me', 'data'), { recursive: true })
    writeFileSync(join(dir, 'me', 'data', 'x.txt'), 'abc')
    const info = await new DirStore(dir).head('me', 'data', 'x.txt')
    expect(info).toMatchObject({
      etag: '900150983cd24fb0d6963f7d28e17f72',
      contentType: 'text/plain',
      bytes: 3,
    })
  })

  it('rejects names that escape the directory', async () => {
    const s = new DirStore(fresh())
    await expect(s.put('acct', 'c', '../x', enc.encode('x'))).rejects.toThrow('bad object name')
    await expect(s.put('.meta', 'c', 'x', enc.encode('x'))).rejects.toThrow('bad account name')
  })
})

describe('FileSpool', () => {
  it('keeps bytes on disk until deleted or closed', async () => {
    const parent = fresh()
    const sp = new FileSpool(parent)
    await sp.put('pipe:a>b', enc.encode('data'))
    expect(new TextDecoder().decode(await sp.get('pipe:a>b'))).toBe('data')
    expect(await sp.get('missing')).toHaveLength(0)
    await sp.delete('pipe:a>b')
    expect(await sp.get('pipe:a>b')).toHaveLength(0)
    await sp.close()
    expect(readdirSync(parent)).toEqual([])
  })
})
