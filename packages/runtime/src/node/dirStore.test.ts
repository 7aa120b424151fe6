import { mkdtempSync, readdirSync, rmSync, writeFileSync, mkdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { putObject } from '../store/objectIo.ts'
import { objectStoreContract } from '../testing/objectStoreContract.ts'
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

objectStoreContract('DirStore', async () => new DirStore(fresh()))

describe('DirStore', () => {
  it('keeps bytes under <dir>/<account>/<container>/<object>, temp files under .tmp', async () => {
    const dir = fresh()
    const s = new DirStore(dir)
    await putObject(s, 'acct/c/a/b/obj.txt', 'hello world')
    const w = await s.create('acct', 'c', 'pending')
    await w.write(0, enc.encode('x'))
    expect(readdirSync(join(dir, '.tmp'))).toHaveLength(1)
    await w.abort()
    expect(readdirSync(join(dir, 'acct', 'c', 'a', 'b'))).toEqual(['obj.txt'])
    expect(readdirSync(join(dir, '.tmp'))).toEqual([])
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
    await expect(putObject(s, 'acct/c/../x', 'x')).rejects.toThrow('bad object name')
    await expect(putObject(s, '.meta/c/x', 'x')).rejects.toThrow('bad account name')
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
