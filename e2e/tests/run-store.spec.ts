import { expect, test } from '../fixtures.ts'

/**
 * The browser ObjectStore against Chromium's real IndexedDB: the built app's own chunk
 * (found through Vite's manifest) imported into the page and driven through the contract.
 */
test('IdbObjectStore keeps the ObjectStore contract in real IndexedDB', async ({ app, page }) => {
  await app.goto()
  const r = await page.evaluate(async () => {
    const manifest = (await (await fetch('/.vite/manifest.json')).json()) as Record<
      string,
      { file: string }
    >
    const entry = manifest['src/objectStore/idbObjectStore.ts']
    if (!entry) throw new Error('idbObjectStore chunk not in the manifest')
    type Info = {
      name: string
      bytes: number
      etag: string
      contentType: string
      meta: Record<string, string>
    }
    type Store = {
      put(a: string, c: string, o: string, d: Uint8Array, opts?: object): Promise<Info>
      get(
        a: string,
        c: string,
        o: string,
        r?: { start: number; end?: number },
      ): Promise<{ info: Info; data: Uint8Array } | undefined>
      head(a: string, c: string, o: string): Promise<Info | undefined>
      list(a: string, c: string, o?: { prefix?: string }): Promise<Info[]>
      listContainers(a: string): Promise<string[]>
      delete(a: string, c: string, o: string): Promise<boolean>
      deleteContainer(a: string, c: string): Promise<number>
      close(): void
    }
    const mod = (await import(/* @vite-ignore */ `/${entry.file}`)) as {
      IdbObjectStore: { open(name: string): Promise<Store> }
    }
    const dbName = `zerolab-contract-${Date.now()}`
    const s = await mod.IdbObjectStore.open(dbName)
    const enc = (t: string) => new TextEncoder().encode(t)
    const dec = (b: Uint8Array | undefined) => (b ? new TextDecoder().decode(b) : undefined)
    const put = await s.put('a', 'c', 'x/1.txt', enc('hello'), {
      contentType: 'text/plain',
      meta: { color: 'blue' },
    })
    await s.put('a', 'c', 'x/2.txt', enc('world!'))
    await s.put('a', 'c', 'y.txt', enc('y'))
    await s.put('a', 'd', 'z', enc('z'))
    await s.put('b', 'c', 'other', enc('o'))
    const range = await s.get('a', 'c', 'x/2.txt', { start: 1, end: 3 })
    const overwritten = await s.put('a', 'c', 'y.txt', enc('yy'))
    let cloneError = ''
    try {
      await s.put('a', 'c', 'bad', enc('never'), { meta: { f: (() => 1) as unknown as string } })
    } catch (e) {
      cloneError = (e as Error).name
    }
    // No orphan bytes: the failed put is rolled back with its transaction.
    const raw = await new Promise<IDBDatabase>((ok, fail) => {
      const req = indexedDB.open(dbName)
      req.onsuccess = () => ok(req.result)
      req.onerror = () => fail(req.error)
    })
    const orphanBlobs = await new Promise<number>((ok) => {
      const req = raw.transaction('blobs').objectStore('blobs').count(['a', 'c', 'bad'])
      req.onsuccess = () => ok(req.result)
    })
    raw.close()
    const out = {
      put,
      orphanBlobs,
      containers: await s.listContainers('a'),
      containersB: await s.listContainers('b'),
      prefix: (await s.list('a', 'c', { prefix: 'x/' })).map((i) => i.name),
      all: (await s.list('a', 'c')).map((i) => `${i.name}:${i.bytes}`),
      head: await s.head('a', 'c', 'x/1.txt'),
      missing: (await s.head('a', 'c', 'nope')) === undefined,
      range: dec(range?.data),
      rangeTotal: range?.info.bytes,
      overwritten: [overwritten.bytes, dec((await s.get('a', 'c', 'y.txt'))?.data)],
      cloneError,
      badVisible: (await s.get('a', 'c', 'bad')) !== undefined,
      deleted: [await s.delete('a', 'c', 'x/1.txt'), await s.delete('a', 'c', 'x/1.txt')],
      afterDelete: (await s.list('a', 'c')).map((i) => i.name),
      droppedContainer: await s.deleteContainer('a', 'c'),
      containersAfter: await s.listContainers('a'),
      otherAccount: dec((await s.get('b', 'c', 'other'))?.data),
    }
    s.close()
    indexedDB.deleteDatabase(dbName)
    return out
  })
  expect(r.put).toMatchObject({
    name: 'x/1.txt',
    bytes: 5,
    etag: '5d41402abc4b2a76b9719d911017c592',
    contentType: 'text/plain',
  })
  expect(r.containers).toEqual(['c', 'd'])
  expect(r.containersB).toEqual(['c'])
  expect(r.prefix).toEqual(['x/1.txt', 'x/2.txt'])
  expect(r.all).toEqual(['x/1.txt:5', 'x/2.txt:6', 'y.txt:2'])
  expect(r.head).toMatchObject({
    meta: { color: 'blue' },
    etag: '5d41402abc4b2a76b9719d911017c592',
  })
  expect(r.missing).toBe(true)
  expect(r.range).toBe('orl')
  expect(r.rangeTotal).toBe(6)
  expect(r.overwritten).toEqual([2, 'yy'])
  expect(r.cloneError).toBe('DataCloneError')
  expect(r.badVisible).toBe(false)
  expect(r.deleted).toEqual([true, false])
  expect(r.afterDelete).toEqual(['x/2.txt', 'y.txt'])
  expect(r.droppedContainer).toBe(2)
  expect(r.containersAfter).toEqual(['d'])
  expect(r.otherAccount).toBe('o')
  expect(r.orphanBlobs).toBe(0)
})
