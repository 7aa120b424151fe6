import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { body, openHarness, type Harness } from './harness.ts'

describe('expiring objects (X-Delete-At / X-Delete-After)', () => {
  let h: Harness
  let T: Record<string, string>
  const A = '/v1/AUTH_admin'
  const now = (): number => Math.floor(Date.now() / 1000)

  beforeAll(async () => {
    h = await openHarness()
    T = { 'X-Auth-Token': await h.token('admin:admin', 'admin') }
    await h.fetch(`${A}/x`, { method: 'PUT', headers: T })
  })
  afterAll(() => h.close())

  it('turns X-Delete-After into X-Delete-At; the object is gone once it passes; the reaper frees it', async () => {
    const put = await h.fetch(`${A}/x/soon`, body('bye', { ...T, 'X-Delete-After': '2' }))
    expect(put.status).toBe(201)
    const head = await h.fetch(`${A}/x/soon`, { method: 'HEAD', headers: T })
    const at = Number(head.headers.get('x-delete-at'))
    expect(at).toBeGreaterThanOrEqual(now() + 1)
    expect(at).toBeLessThanOrEqual(now() + 2)
    await new Promise((r) => setTimeout(r, (at - Date.now() / 1000 + 1.1) * 1000))
    expect((await h.fetch(`${A}/x/soon`, { headers: T })).status).toBe(404)
    expect((await h.fetch(`${A}/x/soon`, { method: 'DELETE', headers: T })).status).toBe(404)
    expect(await h.deps.store.expirer.reap()).toBe(1)
    const count = h.deps.db.prepare('SELECT COUNT(*) FROM objects').pluck().get()
    expect(count).toBe(0)
  })

  it("refuses bad values with Swift's messages; POST sets or (without the header) clears the expiry", async () => {
    const bad = async (hd: Record<string, string>): Promise<string> => {
      const r = await h.fetch(`${A}/x/o`, body('x', { ...T, ...hd }))
      expect(r.status).toBe(400)
      return r.text()
    }
    expect(await bad({ 'X-Delete-After': 'soon' })).toBe('Non-integer X-Delete-After')
    expect(await bad({ 'X-Delete-At': '1.5' })).toBe('Non-integer X-Delete-At')
    expect(await bad({ 'X-Delete-At': String(now() - 10) })).toBe('X-Delete-At in past')
    expect(await bad({ 'X-Delete-After': '-1' })).toBe('X-Delete-After in past')
    // far future values are clamped to 9999999999 (normalize_delete_at_timestamp)
    await h.fetch(`${A}/x/far`, body('x', { ...T, 'X-Delete-At': '1'.repeat(20) }))
    const far = await h.fetch(`${A}/x/far`, { method: 'HEAD', headers: T })
    expect(far.headers.get('x-delete-at')).toBe('9999999999')
    await h.fetch(`${A}/x/far`, { method: 'POST', headers: T })
    expect(
      (await h.fetch(`${A}/x/far`, { method: 'HEAD', headers: T })).headers.get('x-delete-at'),
    ).toBeNull()
  })

  it('DELETE with X-If-Delete-At: 400 for junk, 412 when it does not match', async () => {
    const at = now() + 1000
    await h.fetch(`${A}/x/cond`, body('x', { ...T, 'X-Delete-At': String(at) }))
    const del = (v: string): Promise<Response> =>
      h.fetch(`${A}/x/cond`, { method: 'DELETE', headers: { ...T, 'X-If-Delete-At': v } })
    expect((await del('bad')).status).toBe(400)
    expect((await del(String(at + 1))).status).toBe(412)
    expect((await del(String(at))).status).toBe(204)
  })
})

describe('versioned writes (X-Versions-Location stack, X-History-Location history)', () => {
  let h: Harness
  let T: Record<string, string>
  const A = '/v1/AUTH_admin'
  const get = async (p: string): Promise<string | number> => {
    const r = await h.fetch(`${A}/${p}`, { headers: T })
    return r.status === 200 ? r.text() : r.status
  }
  const names = async (c: string): Promise<string[]> =>
    (
      (await (await h.fetch(`${A}/${c}?format=json`, { headers: T })).json()) as { name: string }[]
    ).map((e) => e.name)

  beforeAll(async () => {
    h = await openHarness()
    T = { 'X-Auth-Token': await h.token('admin:admin', 'admin') }
  })
  afterAll(() => h.close())

  it('stack: overwrites keep versions as <len><name>/<ts>; DELETE brings the newest back', async () => {
    await h.fetch(`${A}/old`, { method: 'PUT', headers: T })
    const made = await h.fetch(`${A}/cur`, {
      method: 'PUT',
      headers: { ...T, 'X-Versions-Location': 'old' },
    })
    expect(made.status).toBe(201)
    const head = await h.fetch(`${A}/cur`, { method: 'HEAD', headers: T })
    expect(head.headers.get('x-versions-location')).toBe('old')
    for (const v of ['v1', 'v2', 'v3']) await h.fetch(`${A}/cur/doc`, body(v, T))
    const versions = await names('old')
    expect(versions).toHaveLength(2)
    for (const n of versions) expect(n).toMatch(/^003doc\/\d{10}\.\d{5}$/)
    expect(await get('cur/doc')).toBe('v3')
    expect((await h.fetch(`${A}/cur/doc`, { method: 'DELETE', headers: T })).status).toBe(204)
    expect(await get('cur/doc')).toBe('v2')
    await h.fetch(`${A}/cur/doc`, { method: 'DELETE', headers: T })
    expect(await get('cur/doc')).toBe('v1')
    await h.fetch(`${A}/cur/doc`, { method: 'DELETE', headers: T })
    expect(await get('cur/doc')).toBe(404)
    expect(await names('old')).toEqual([])
  })

  it('history: DELETE keeps the object as a version and adds a delete marker', async () => {
    await h.fetch(`${A}/hist`, { method: 'PUT', headers: T })
    await h.fetch(`${A}/hcur`, { method: 'PUT', headers: { ...T, 'X-History-Location': 'hist' } })
    await h.fetch(`${A}/hcur/doc`, body('v1', T))
    await h.fetch(`${A}/hcur/doc`, body('v2', T))
    expect((await h.fetch(`${A}/hcur/doc`, { method: 'DELETE', headers: T })).status).toBe(204)
    expect(await get('hcur/doc')).toBe(404)
    const listing = (await (await h.fetch(`${A}/hist?format=json`, { headers: T })).json()) as {
      content_type: string
    }[]
    expect(listing.map((e) => e.content_type)).toEqual([
      'application/octet-stream',
      'application/octet-stream',
      'application/x-deleted;swift_versions_deleted=1',
    ])
  })

  it('refuses both headers at once (400), a slash in the location (412); a missing versions container is 412 on overwrite', async () => {
    const both = await h.fetch(`${A}/both`, {
      method: 'PUT',
      headers: { ...T, 'X-Versions-Location': 'a', 'X-History-Location': 'b' },
    })
    expect(both.status).toBe(400)
    expect(await both.text()).toBe(
      'Only one of X-Versions-Location or X-History-Location may be specified',
    )
    const slash = await h.fetch(`${A}/slash`, {
      method: 'PUT',
      headers: { ...T, 'X-Versions-Location': 'a/b' },
    })
    expect(slash.status).toBe(412)
    await h.fetch(`${A}/lost`, {
      method: 'PUT',
      headers: { ...T, 'X-Versions-Location': 'nowhere' },
    })
    await h.fetch(`${A}/lost/o`, body('1', T))
    expect((await h.fetch(`${A}/lost/o`, body('2', T))).status).toBe(412)
    // X-Remove-Versions-Location turns it off
    await h.fetch(`${A}/lost`, {
      method: 'POST',
      headers: { ...T, 'X-Remove-Versions-Location': 'x' },
    })
    expect((await h.fetch(`${A}/lost/o`, body('2', T))).status).toBe(201)
  })
})
