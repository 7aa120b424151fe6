import { createHash } from 'node:crypto'
import { beforeAll, describe, expect, it } from 'vitest'
import type { ClusterInfo } from '../../../../scripts/cluster/loopback.ts'
import { sharedSwift } from '../../../../scripts/cluster/testCluster.ts'
import { SwiftClient } from './swiftClient.ts'
import { SwiftStore } from './swiftStore.ts'

const md5 = (b: Uint8Array): string => createHash('md5').update(b).digest('hex')
const bytes = (n: number, seed = 1): Uint8Array => {
  const b = new Uint8Array(n)
  let x = seed
  for (let i = 0; i < n; i++) b[i] = (x = (x * 1103515245 + 12345) >>> 0) >>> 24
  return b
}

async function readAll(store: SwiftStore, path: [string, string, string]): Promise<Uint8Array> {
  const r = await store.open(...path)
  if (!r) throw new Error('missing')
  const out = new Uint8Array(r.info.bytes)
  for (let at = 0; at < out.length;) at += await r.read(at, out.subarray(at, at + 100_000))
  await r.close()
  return out
}

describe('SwiftStore over a real Swift cluster', () => {
  let cluster: ClusterInfo
  let admin: SwiftClient
  const C = 'store-test'
  beforeAll(async () => {
    cluster = await sharedSwift()
    admin = await SwiftClient.login(cluster.proxyUrl, 'admin:admin', 'admin')
    const r = await admin.request('PUT', `/v1/AUTH_admin/${C}`)
    r.body.resume()
  })

  it('writes small and large objects whole at commit, ETag checked, read back in ranges', async () => {
    const store = new SwiftStore(admin)
    for (const size of [0, 1000, 3 * 1024 * 1024 + 7]) {
      const data = bytes(size, size)
      const w = await store.create('AUTH_admin', C, `o-${size}`, {
        contentType: 'text/x-test',
        meta: { k: 'v' },
      })
      for (let at = 0; at < size; at += 300_000) await w.write(at, data.subarray(at, at + 300_000))
      expect(await store.head('AUTH_admin', C, `o-${size}`)).toBeUndefined() // not before commit
      const info = await w.commit()
      expect(info).toMatchObject({ bytes: size, etag: md5(data), contentType: 'text/x-test' })
      const head = await store.head('AUTH_admin', C, `o-${size}`)
      expect(head).toMatchObject({ bytes: size, etag: md5(data), meta: { k: 'v' } })
      expect(md5(await readAll(store, ['AUTH_admin', C, `o-${size}`]))).toBe(md5(data))
      const part = await store.get('AUTH_admin', C, `o-${size}`, { start: 10, end: 19 })
      expect(part!.data).toEqual(data.subarray(10, 20))
    }
  })

  it('takes random writes, and an aborted writer leaves nothing', async () => {
    const store = new SwiftStore(admin)
    const w = await store.create('AUTH_admin', C, 'random')
    await w.write(5, new TextEncoder().encode('world'))
    await w.write(0, new TextEncoder().encode('hello'))
    await w.commit()
    expect(new TextDecoder().decode((await store.get('AUTH_admin', C, 'random'))!.data)).toBe(
      'helloworld',
    )
    const a = await store.create('AUTH_admin', C, 'aborted')
    await a.write(0, bytes(2 * 1024 * 1024))
    await a.abort()
    expect(await store.head('AUTH_admin', C, 'aborted')).toBeUndefined()
  })

  it('reads from the object server on its own host when it holds a replica, else through the proxy', async () => {
    const data = bytes(2 * 1024 * 1024 + 3, 9)
    await new SwiftStore(admin).put('AUTH_admin', C, 'where', data)
    const ep = await admin.endpoints('AUTH_admin', C, 'where')
    const holders = ep.urls.map((u) => new URL(u).hostname)
    const other = cluster.hosts.map((h) => h.ip).find((ip) => !holders.includes(ip))!
    const local = new SwiftStore(admin, { localIps: new Set([holders[0]!]) })
    expect(md5(await readAll(local, ['AUTH_admin', C, 'where']))).toBe(md5(data))
    expect(local.stats).toEqual({ localBytes: data.length, remoteBytes: 0 })
    const remote = new SwiftStore(admin, { localIps: new Set([other]) })
    expect(md5(await readAll(remote, ['AUTH_admin', C, 'where']))).toBe(md5(data))
    expect(remote.stats).toEqual({ localBytes: 0, remoteBytes: data.length })
  })

  it('never mixes versions: a replaced object fails the next ranged read', async () => {
    const store = new SwiftStore(admin)
    await store.put('AUTH_admin', C, 'v', bytes(200_000, 1))
    const r = (await store.open('AUTH_admin', C, 'v'))!
    const buf = new Uint8Array(1000)
    expect(await r.read(0, buf)).toBeGreaterThan(0)
    await store.put('AUTH_admin', C, 'v', bytes(200_000, 2))
    await expect(r.read(150_000, buf)).rejects.toMatchObject({ code: 'PRECONDITION_FAILED' })
    await r.close()
  })

  it("leaves access to Swift: another account's token is refused", async () => {
    const tester = await SwiftClient.login(cluster.proxyUrl, 'test:tester', 'testing')
    const store = new SwiftStore(tester)
    await expect(store.open('AUTH_admin', C, 'v')).rejects.toMatchObject({ code: 'FORBIDDEN' })
    await expect(store.put('AUTH_admin', C, 'x', bytes(10))).rejects.toMatchObject({
      code: 'FORBIDDEN',
    })
  })
})
