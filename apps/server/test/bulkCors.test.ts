import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { body, openHarness, type Harness } from './harness.ts'

/** app.request() sends no Content-Length by itself; Swift's bulk delete needs one. */
const len = (b: string): Record<string, string> => ({
  'Content-Length': String(Buffer.byteLength(b)),
})
const BODY1 = '/b/one\n/b/sp%20ace\n/b/missing\n'

describe('bulk delete (?bulk-delete) and CORS on the object API, as Swift', () => {
  let h: Harness
  let T: Record<string, string>
  const A = '/v1/AUTH_admin'

  beforeAll(async () => {
    h = await openHarness()
    T = { 'X-Auth-Token': await h.token('admin:admin', 'admin') }
    await h.fetch(`${A}/b`, { method: 'PUT', headers: T })
    for (const n of ['one', 'two', 'sp ace'])
      await h.fetch(`${A}/b/${encodeURIComponent(n)}`, body(n, T))
  })
  afterAll(() => h.close())

  it('deletes objects then containers, counts not-found, answers in the Accept format', async () => {
    const r = await h.fetch(`${A}?bulk-delete`, {
      method: 'POST',
      headers: { ...T, 'Content-Type': 'text/plain', Accept: 'application/json', ...len(BODY1) },
      body: BODY1,
    })
    expect(r.status).toBe(200)
    expect(await r.json()).toEqual({
      'Response Status': '200 OK',
      'Response Body': '',
      'Number Deleted': 2,
      'Number Not Found': 1,
      Errors: [],
    })
    // a non-empty container cannot go: 409 in the errors, 400 overall; the object goes first
    const plain = await h.fetch(`${A}/b?bulk-delete`, {
      method: 'DELETE',
      headers: { ...T, 'Content-Type': 'text/plain', ...len('b\nb/two\n') },
      body: 'b\nb/two\n',
    })
    expect(await plain.text()).toBe(
      'Number Deleted: 2\nNumber Not Found: 0\nResponse Body: \nResponse Status: 200 OK\nErrors:\n',
    )
    const xml = await h.fetch(`${A}?bulk-delete`, {
      method: 'POST',
      headers: { ...T, Accept: 'application/xml', ...len('/nope') },
      body: '/nope',
    })
    const text = await xml.text()
    expect(text).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<delete>\n/)
    expect(text).toContain('<number_not_found>1</number_not_found>')
  })

  it('refuses deletes item by item (403 in the errors) and a non-text body type (406)', async () => {
    await h.fetch(`${A}/keep`, { method: 'PUT', headers: T })
    await h.fetch(`${A}/keep/x`, body('x', T))
    const other = { 'X-Auth-Token': await h.token('test:tester', 'testing') }
    const r = await h.fetch(`${A}?bulk-delete`, {
      method: 'POST',
      headers: { ...other, Accept: 'application/json', ...len('/keep/x') },
      body: '/keep/x',
    })
    expect(((await r.json()) as { Errors: string[][] }).Errors).toEqual([
      ['/keep/x', '403 Forbidden'],
    ])
    const wrong = await h.fetch(`${A}?bulk-delete`, {
      method: 'POST',
      headers: { ...T, 'Content-Type': 'application/json', ...len('[]') },
      body: '[]',
    })
    expect(wrong.status).toBe(406)
  })

  it("answers preflights from a container's allowed origins (X-Container-Meta-Access-Control-Allow-Origin)", async () => {
    // the server-wide list is empty here, like a Swift proxy without cors_allow_origin
    const strict = await openHarness()
    strict.deps.config.corsAllowOrigin = []
    const t = { 'X-Auth-Token': await strict.token('admin:admin', 'admin') }
    await strict.fetch(`${A}/web`, {
      method: 'PUT',
      headers: {
        ...t,
        'X-Container-Meta-Access-Control-Allow-Origin': 'http://ok.example',
        'X-Container-Meta-Access-Control-Max-Age': '60',
      },
    })
    await strict.fetch(`${A}/web/o`, body('o', t))
    const pre = (origin: string, method = 'GET'): Promise<Response> =>
      strict.fetch(`${A}/web/o`, {
        method: 'OPTIONS',
        headers: {
          Origin: origin,
          'Access-Control-Request-Method': method,
          'Access-Control-Request-Headers': 'x-auth-token',
        },
      })
    const ok = await pre('http://ok.example')
    expect(ok.status).toBe(200)
    expect(ok.headers.get('access-control-allow-origin')).toBe('http://ok.example')
    expect(ok.headers.get('access-control-max-age')).toBe('60')
    expect(ok.headers.get('access-control-allow-methods')).toContain('COPY')
    expect(ok.headers.get('access-control-allow-headers')).toBe('x-auth-token')
    expect((await pre('http://evil.example')).status).toBe(401)
    expect((await pre('http://ok.example', 'PATCH')).status).toBe(401)
    // actual requests: an allowed origin gets the headers, others none (strict_cors_mode)
    const get = await strict.fetch(`${A}/web/o`, { headers: { ...t, Origin: 'http://ok.example' } })
    expect(get.headers.get('access-control-allow-origin')).toBe('http://ok.example')
    expect(get.headers.get('access-control-expose-headers')).toContain('etag')
    const evil = await strict.fetch(`${A}/web/o`, {
      headers: { ...t, Origin: 'http://evil.example' },
    })
    expect(evil.headers.get('access-control-allow-origin')).toBeNull()
    // OPTIONS without Origin is not CORS: 200 with Allow
    const plain = await strict.fetch(`${A}/web/o`, { method: 'OPTIONS' })
    expect(plain.status).toBe(200)
    expect(plain.headers.get('allow')).toContain('GET')
    await strict.close()
  })
})
