import { createHash } from 'node:crypto'
import { mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { getObject, putObject } from '@zerolab/runtime'
import { objectStoreContract } from '@zerolab/runtime/testing'
import { afterAll, describe, expect, it } from 'vitest'
import { makePrincipal } from '../auth/principal.ts'
import { makeConfig } from '../config.ts'
import { silentLogger } from '../log.ts'
import { openDeps } from '../openDeps.ts'
import { INLINE_MAX } from '../storage/objectService.ts'
import { PrincipalStore } from './principalStore.ts'

const opened: { close(): void; dir: string }[] = []
afterAll(() => {
  for (const o of opened.splice(0)) {
    o.close()
    rmSync(o.dir, { recursive: true, force: true })
  }
})

/** An ObjectService in a fresh data dir, with account `acct` (owner `acct:u`) and container `c`. */
function fresh(): { store: PrincipalStore; deps: ReturnType<typeof openDeps>; dir: string } {
  const dir = mkdtempSync(join(tmpdir(), 'zerolab-pstore-'))
  const deps = openDeps(makeConfig({ dataDir: dir }), { log: silentLogger, users: '' })
  opened.push({ close: deps.close, dir })
  // The contract writes to storage account `acct`; tempauth makes whoever has that group its owner.
  const p = makePrincipal('x', 'u')
  const who = { ...p, account: 'acct', groups: [...p.groups, 'acct'] }
  deps.store.putContainer(who, 'acct', 'c', {})
  return { store: new PrincipalStore(deps.store, who), deps, dir }
}

objectStoreContract('PrincipalStore', async () => fresh().store)

describe('PrincipalStore', () => {
  it('applies the caller’s rights before writing a byte, and leaves no temp blob behind', async () => {
    const { store, deps } = fresh()
    await putObject(store, 'acct/c/x', 'data')
    const stranger = new PrincipalStore(deps.store, makePrincipal('other', 'u'))
    await expect(stranger.create('acct', 'c', 'y')).rejects.toMatchObject({ code: 'FORBIDDEN' })
    expect(await stranger.open('acct', 'c', 'x').catch((e: { code: string }) => e.code)).toBe(
      'FORBIDDEN',
    )
    const w = await store.create('acct', 'c', 'y')
    await w.write(0, new Uint8Array(10))
    await w.abort()
    expect(deps.store.sweep()).toEqual({ tmp: 0, orphans: 0 })
  })

  it('keeps a small output in its row as a small PUT does, and spills a growing one to a file', async () => {
    const { store, dir } = fresh()
    const files = (): number =>
      readdirSync(join(dir, 'objects')).flatMap((d) => readdirSync(join(dir, 'objects', d))).length
    const before = files()
    const small = await store.create('acct', 'c', 'small')
    await small.write(0, new TextEncoder().encode('tiny'))
    await small.commit()
    expect(files()).toBe(before)
    // a random write past the inline limit moves the bytes so far to a file; the gap reads as zeros
    const w = await store.create('acct', 'c', 'grown')
    await w.write(0, new Uint8Array([1, 2, 3]))
    await w.write(INLINE_MAX + 10, new Uint8Array([9]))
    const info = await w.commit()
    const want = new Uint8Array(INLINE_MAX + 11)
    want.set([1, 2, 3])
    want[INLINE_MAX + 10] = 9
    expect(info.etag).toBe(createHash('md5').update(want).digest('hex'))
    expect((await getObject(store, 'acct/c/grown'))?.data).toEqual(want)
    expect((await getObject(store, 'acct/c/small'))?.data).toEqual(new TextEncoder().encode('tiny'))
  })
})
