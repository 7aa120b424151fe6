import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { putObject } from '@zerolab/runtime'
import { objectStoreContract } from '@zerolab/runtime/testing'
import { afterAll, describe, expect, it } from 'vitest'
import { makePrincipal } from '../auth/principal.ts'
import { makeConfig } from '../config.ts'
import { silentLogger } from '../log.ts'
import { openDeps } from '../openDeps.ts'
import { PrincipalStore } from './principalStore.ts'

const opened: { close(): void; dir: string }[] = []
afterAll(() => {
  for (const o of opened.splice(0)) {
    o.close()
    rmSync(o.dir, { recursive: true, force: true })
  }
})

/** An ObjectService in a fresh data dir, with account `acct` (owner `acct:u`) and container `c`. */
function fresh(): { store: PrincipalStore; deps: ReturnType<typeof openDeps> } {
  const dir = mkdtempSync(join(tmpdir(), 'zerolab-pstore-'))
  const deps = openDeps(makeConfig({ dataDir: dir }), { log: silentLogger, users: '' })
  opened.push({ close: deps.close, dir })
  const who = { ...makePrincipal('x', 'u'), account: 'acct' }
  deps.store.putContainer(who, 'acct', 'c', {})
  return { store: new PrincipalStore(deps.store, who), deps }
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
})
