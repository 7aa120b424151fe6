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
    type Writer = {
      write(offset: number, chunk: Uint8Array): Promise<void>
      commit(): Promise<Info>
      abort(): Promise<void>
    }
    type Reader = {
      info: Info
      read(offset: number, into: Uint8Array): Promise<number>
      close(): Promise<void>
    }
    type Store = {
      create(a: string, c: string, o: string, opts?: object): Promise<Writer>
      open(a: string, c: string, o: string): Promise<Reader | undefined>
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
    // Streamed in two pieces, as an instance's output arrives.
    const putObj = async (path: string, text: string, opts?: object) => {
      const [a, c, ...o] = path.split('/')
      const w = await s.create(a!, c!, o.join('/'), opts)
      try {
        const b = enc(text)
        await w.write(0, b.subarray(0, 2))
        await w.write(2, b.subarray(2))
        return await w.commit()
      } catch (e) {
        await w.abort()
        throw e
      }
    }
    const getObj = async (path: string, start = 0, end = Infinity) => {
      const [a, c, ...o] = path.split('/')
      const r = await s.open(a!, c!, o.join('/'))
      if (!r) return undefined
      const buf = new Uint8Array(Math.max(0, Math.min(r.info.bytes, end + 1) - start))
      const n = await r.read(start, buf)
      await r.close()
      return { info: r.info, data: buf.subarray(0, n) }
    }
    const put = await putObj('a/c/x/1.txt', 'hello', {
      contentType: 'text/plain',
      meta: { color: 'blue' },
    })
    await putObj('a/c/x/2.txt', 'world!')
    await putObj('a/c/y.txt', 'y')
    await putObj('a/d/z', 'z')
    await putObj('b/c/other', 'o')
    // A reader opened before a replace keeps reading its version.
    const early = await s.open('a', 'c', 'y.txt')
    const range = await getObj('a/c/x/2.txt', 1, 3)
    const overwritten = await putObj('a/c/y.txt', 'yy')
    const earlyBuf = new Uint8Array(8)
    const earlyText = dec(earlyBuf.subarray(0, await early!.read(0, earlyBuf)))
    await early!.close()
    let cloneError = ''
    try {
      await putObj('a/c/bad', 'never', { meta: { f: (() => 1) as unknown as string } })
    } catch (e) {
      cloneError = (e as Error).name
    }
    // No orphan bytes: every chunk belongs to a stored object or to one replaced just now.
    const raw = await new Promise<IDBDatabase>((ok, fail) => {
      const req = indexedDB.open(dbName)
      req.onsuccess = () => ok(req.result)
      req.onerror = () => fail(req.error)
    })
    const orphanBlobs = await new Promise<number>((ok) => {
      const tx = raw.transaction(['objects', 'chunks', 'garbage'])
      const rows = tx.objectStore('objects').getAll()
      const keys = tx.objectStore('chunks').getAllKeys()
      const garbage = tx.objectStore('garbage').getAllKeys()
      tx.oncomplete = () => {
        const live = new Set([
          ...(rows.result as { blob: string }[]).map((r) => r.blob),
          ...(garbage.result as string[]),
        ])
        ok((keys.result as [string, number][]).filter(([b]) => !live.has(b)).length)
      }
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
      overwritten: [overwritten.bytes, dec((await getObj('a/c/y.txt'))?.data), earlyText],
      cloneError,
      badVisible: (await s.head('a', 'c', 'bad')) !== undefined,
      deleted: [await s.delete('a', 'c', 'x/1.txt'), await s.delete('a', 'c', 'x/1.txt')],
      afterDelete: (await s.list('a', 'c')).map((i) => i.name),
      droppedContainer: await s.deleteContainer('a', 'c'),
      containersAfter: await s.listContainers('a'),
      otherAccount: dec((await getObj('b/c/other'))?.data),
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
  expect(r.overwritten).toEqual([2, 'yy', 'y'])
  expect(r.cloneError).toBe('DataCloneError')
  expect(r.badVisible).toBe(false)
  expect(r.deleted).toEqual([true, false])
  expect(r.afterDelete).toEqual(['x/2.txt', 'y.txt'])
  expect(r.droppedContainer).toBe(2)
  expect(r.containersAfter).toEqual(['d'])
  expect(r.otherAccount).toBe('o')
  expect(r.orphanBlobs).toBe(0)
})
