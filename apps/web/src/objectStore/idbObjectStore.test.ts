import 'fake-indexeddb/auto'
import { getObject, md5Hex } from '@zerolab/runtime'
import { objectStoreContract } from '@zerolab/runtime/testing'
import { describe, expect, it } from 'vitest'
import { IdbObjectStore, CHUNK } from './idbObjectStore.ts'
import { done, openDb } from './idb.ts'

let n = 0
const fresh = (): Promise<IdbObjectStore> => IdbObjectStore.open(`test-store-${++n}`)

objectStoreContract('IdbObjectStore', fresh)

describe('IdbObjectStore', () => {
  it('upgrades a version-1 database (whole blobs) to chunks, keeping every object', async () => {
    const name = `legacy-${++n}`
    const big = new Uint8Array(CHUNK * 2 + 10).map((_, i) => i % 251)
    const v1 = await openDb(name, 1, (d) => {
      d.createObjectStore('objects', { keyPath: ['account', 'container', 'name'] })
      d.createObjectStore('blobs')
    })
    const tx = v1.transaction(['objects', 'blobs'], 'readwrite')
    const row = { account: 'local', container: 'c', contentType: 'x/y', lastModified: 1, meta: {} }
    tx.objectStore('objects').put({ ...row, name: 'big', bytes: big.length, etag: 'e1' })
    tx.objectStore('blobs').put(big, ['local', 'c', 'big'])
    tx.objectStore('objects').put({ ...row, name: 'empty', bytes: 0, etag: 'e2' })
    tx.objectStore('blobs').put(new Uint8Array(0), ['local', 'c', 'empty'])
    await done(tx)
    v1.close()

    const s = await IdbObjectStore.open(name)
    expect(s.fresh).toBe(false)
    expect(md5Hex((await getObject(s, 'local/c/big'))!.data)).toBe(md5Hex(big))
    expect((await getObject(s, 'local/c/empty'))?.data).toEqual(new Uint8Array(0))
    expect(await s.head('local', 'c', 'big')).toMatchObject({ etag: 'e1', contentType: 'x/y' })
    s.close()
  })
})
