import { createHmac } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { body, openHarness, type Harness } from './harness.ts'

/** Swift's get_hmac: `<method>\n<expires>\n<path>` keyed with the Temp-URL key. */
// eslint-disable-next-line max-params -- Swift's get_hmac arguments, in its order
const sign = (digest: string, key: string, method: string, expires: number, path: string): string =>
  createHmac(digest, key).update(`${method}\n${expires}\n${path}`).digest('hex')

describe('temp URLs (Swift tempurl middleware)', () => {
  let h: Harness
  let T: Record<string, string>
  const A = '/v1/AUTH_admin'
  const KEY = 'secret-key'
  const soon = (): number => Math.floor(Date.now() / 1000) + 600

  beforeAll(async () => {
    h = await openHarness()
    T = { 'X-Auth-Token': await h.token('admin:admin', 'admin') }
    await h.fetch(A, { method: 'POST', headers: { ...T, 'X-Account-Meta-Temp-URL-Key': KEY } })
    await h.fetch(`${A}/c`, { method: 'PUT', headers: T })
    await h.fetch(
      `${A}/c/report.txt`,
      body('the report', { ...T, 'X-Object-Meta-Secret': 's', 'X-Object-Meta-Public-Tag': 'p' }),
    )
  })
  afterAll(() => h.close())

  it('lets anyone GET with a SHA-1, SHA-256 or SHA-512 signature, as an attachment that expires', async () => {
    const path = `${A}/c/report.txt`
    for (const d of ['sha1', 'sha256', 'sha512']) {
      const e = soon()
      const r = await h.fetch(
        `${path}?temp_url_sig=${sign(d, KEY, 'GET', e, path)}&temp_url_expires=${e}`,
      )
      expect(r.status, d).toBe(200)
      expect(await r.text()).toBe('the report')
      expect(r.headers.get('content-disposition')).toBe(
        `attachment; filename="report.txt"; filename*=UTF-8''report.txt`,
      )
      expect(r.headers.get('expires')).toBe(new Date(e * 1000).toUTCString())
      // X-Object-Meta-* is removed, except X-Object-Meta-Public-*
      expect(r.headers.get('x-object-meta-secret')).toBeNull()
      expect(r.headers.get('x-object-meta-public-tag')).toBe('p')
    }
    // `<digest>:<base64>` form, and ISO 8601 expiry
    const e = soon()
    const iso = new Date(e * 1000).toISOString().replace(/\.\d+Z$/, 'Z')
    const b64 = Buffer.from(sign('sha512', KEY, 'GET', e, path), 'hex').toString('base64')
    const r = await h.fetch(
      `${path}?temp_url_sig=sha512:${encodeURIComponent(b64)}&temp_url_expires=${iso}&inline`,
    )
    expect(r.status).toBe(200)
    expect(r.headers.get('content-disposition')).toBe('inline')
  })

  it("answers 401 'Temp URL invalid' for a wrong signature, method, path or an expired one", async () => {
    const path = `${A}/c/report.txt`
    const e = soon()
    const cases = [
      `${path}?temp_url_sig=${'0'.repeat(40)}&temp_url_expires=${e}`,
      `${path}?temp_url_sig=${sign('sha1', KEY, 'PUT', e, path)}&temp_url_expires=${e}`,
      `${A}/c/other?temp_url_sig=${sign('sha1', KEY, 'GET', e, path)}&temp_url_expires=${e}`,
      `${path}?temp_url_sig=${sign('sha1', KEY, 'GET', 1000, path)}&temp_url_expires=1000`,
      `${path}?temp_url_sig=${sign('md5', KEY, 'GET', e, path)}&temp_url_expires=${e}`,
    ]
    for (const u of cases) {
      const r = await h.fetch(u)
      expect(r.status, u).toBe(401)
      expect(await r.text()).toBe('401 Unauthorized: Temp URL invalid')
    }
  })

  it('PUTs with a PUT signature, and a HEAD may use a GET signature', async () => {
    const path = `${A}/c/upload.bin`
    const e = soon()
    const put = await h.fetch(
      `${path}?temp_url_sig=${sign('sha256', KEY, 'PUT', e, path)}&temp_url_expires=${e}`,
      body('up'),
    )
    expect(put.status).toBe(201)
    const head = await h.fetch(
      `${path}?temp_url_sig=${sign('sha256', KEY, 'GET', e, path)}&temp_url_expires=${e}`,
      {
        method: 'HEAD',
      },
    )
    expect(head.status).toBe(200)
    // X-Copy-From is not allowed through a temp URL
    const copy = await h.fetch(
      `${path}?temp_url_sig=${sign('sha256', KEY, 'PUT', e, path)}&temp_url_expires=${e}`,
      body('', { 'X-Copy-From': 'c/report.txt' }),
    )
    expect(copy.status).toBe(400)
    expect(await copy.text()).toBe("The header 'X-Copy-From' is not allowed in this tempurl")
  })

  it('signs a prefix for every object under it (temp_url_prefix)', async () => {
    await h.fetch(`${A}/c/out/a`, body('A', T))
    const e = soon()
    const sig = sign('sha256', KEY, 'GET', e, `prefix:${A}/c/out/`)
    const q = `temp_url_sig=${sig}&temp_url_expires=${e}&temp_url_prefix=out/`
    expect((await h.fetch(`${A}/c/out/a?${q}`)).status).toBe(200)
    expect((await h.fetch(`${A}/c/report.txt?${q}`)).status).toBe(401)
  })

  it('a container key reaches only its container', async () => {
    await h.fetch(`${A}/c2`, {
      method: 'PUT',
      headers: { ...T, 'X-Container-Meta-Temp-URL-Key': 'ckey' },
    })
    await h.fetch(`${A}/c2/x`, body('x', T))
    await h.fetch(`${A}/c2/dlo`, body('', { ...T, 'X-Object-Manifest': 'c/out/' }))
    const e = soon()
    const ok = await h.fetch(
      `${A}/c2/x?temp_url_sig=${sign('sha1', 'ckey', 'GET', e, `${A}/c2/x`)}&temp_url_expires=${e}`,
    )
    expect(ok.status).toBe(200)
    // the DLO's segments live in another container: 401, as authorize_same_container
    const cross = await h.fetch(
      `${A}/c2/dlo?temp_url_sig=${sign('sha1', 'ckey', 'GET', e, `${A}/c2/dlo`)}&temp_url_expires=${e}`,
    )
    expect(cross.status).toBe(401)
  })

  it("POST /api/tempurl signs a link for what the caller may read (the playground's download link)", async () => {
    const h2 = await openHarness()
    const t2 = {
      'X-Auth-Token': await h2.token('admin:admin', 'admin'),
      'Content-Type': 'application/json',
    }
    await h2.fetch(`${A}/out`, { method: 'PUT', headers: t2 })
    await h2.fetch(`${A}/out/result.txt`, body('42', t2))
    const r = await h2.fetch('/api/tempurl', {
      method: 'POST',
      headers: t2,
      body: JSON.stringify({ path: `${A}/out/result.txt`, ttl: 60 }),
    })
    expect(r.status).toBe(200)
    const { url } = (await r.json()) as { url: string }
    const u = new URL(url)
    const got = await h2.fetch(`${u.pathname}${u.search}`)
    expect(got.status).toBe(200)
    expect(await got.text()).toBe('42')
    const none = await h2.fetch('/api/tempurl', {
      method: 'POST',
      headers: t2,
      body: JSON.stringify({ path: `${A}/out/nope` }),
    })
    expect(none.status).toBe(404)
    const tester = {
      'X-Auth-Token': await h2.token('test:tester', 'testing'),
      'Content-Type': 'application/json',
    }
    const denied = await h2.fetch('/api/tempurl', {
      method: 'POST',
      headers: tester,
      body: JSON.stringify({ path: `${A}/out/result.txt` }),
    })
    expect(denied.status).toBe(403)
    await h2.close()
  })
})
