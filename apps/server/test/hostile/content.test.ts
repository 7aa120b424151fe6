import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  api,
  errorOf,
  execute,
  expectResponsive,
  openTarget,
  underAttack,
  type Target,
} from './attack.ts'

/**
 * User content cannot act as the app, and the smaller findings: X-Storage-Url from the
 * bound address not `Host`, X-Zerovm-Source sized before it is read, ACL names matched
 * exactly, shares need an account and a quota.
 */
let t: Target

const PAYLOAD =
  '<script>fetch("/v1/AUTH_bob/loot/x",{method:"PUT",body:sessionStorage.getItem("zerolab.cluster.session")})</script>'

/** Active types: each could run script in the app's origin if rendered there. */
const ACTIVE: [string, string][] = [
  ['x.html', 'text/html'],
  ['x.htm', 'text/html; charset=utf-8'],
  ['x.svg', 'image/svg+xml'],
  ['x.xhtml', 'application/xhtml+xml'],
  ['x.xml', 'text/xml'],
  ['x.rss', 'application/rss+xml'],
  ['x.xsl', 'application/xslt+xml'],
  ['x.pdf', 'application/pdf'],
  ['x.js', 'text/javascript'],
  ['x.weird', 'application/x-made-up'],
  ['x.mhtml', 'multipart/related'],
]

async function put(name: string, type: string, extra: Record<string, string> = {}): Promise<void> {
  const r = await fetch(`${t.url}/v1/AUTH_bob/pub/${name}`, {
    method: 'PUT',
    headers: { 'X-Auth-Token': t.h.bob.token, 'Content-Type': type, ...extra },
    body: PAYLOAD,
  })
  expect(r.status).toBe(201)
}

beforeAll(async () => {
  t = await openTarget({ shareQuota: { maxShares: 5, maxBytes: 64 * 1024 } })
  // An attacker (bob) makes a container public and fills it with active content.
  const c = await fetch(`${t.url}/v1/AUTH_bob/pub`, {
    method: 'PUT',
    headers: { 'X-Auth-Token': t.h.bob.token, 'X-Container-Read': '.r:*,.rlistings' },
  })
  expect(c.status).toBe(201)
  for (const [name, type] of ACTIVE) await put(name, type)
  await put('inline.html', 'text/html', { 'Content-Disposition': 'inline; filename="a.html"' })
  await put('plain.txt', 'text/plain')
  await put('pic.png', 'image/png')
})
afterAll(() => t?.close())

describe('user content cannot act as the app', () => {
  it('active types are attachments with a sandbox CSP and nosniff, to anyone, GET and HEAD', async () => {
    for (const [name] of [...ACTIVE, ['inline.html']]) {
      for (const method of ['GET', 'HEAD']) {
        const r = await fetch(`${t.url}/v1/AUTH_bob/pub/${name}`, { method })
        expect(r.status, name).toBe(200)
        expect(r.headers.get('content-security-policy'), name).toMatch(/^sandbox\b/)
        expect(r.headers.get('x-content-type-options')).toBe('nosniff')
        expect(r.headers.get('content-disposition'), `${method} ${name}`).toMatch(/^attachment/)
        await r.arrayBuffer()
      }
    }
    // A stored `inline` disposition keeps its filename, not its inline.
    const r = await fetch(`${t.url}/v1/AUTH_bob/pub/inline.html`)
    expect(r.headers.get('content-disposition')).toBe('attachment; filename="a.html"')
  })

  it('passive types stay inline but sandboxed and unsniffable', async () => {
    for (const name of ['plain.txt', 'pic.png']) {
      const r = await fetch(`${t.url}/v1/AUTH_bob/pub/${name}`)
      expect(r.headers.get('content-disposition')).toBeNull()
      expect(r.headers.get('content-security-policy')).toMatch(/^sandbox\b/)
      expect(r.headers.get('x-content-type-options')).toBe('nosniff')
    }
  })

  it('every other API answer carries the sandbox too: listings, errors, shares, job output', async () => {
    const paths = [
      '/v1/AUTH_bob/pub',
      '/v1/AUTH_bob/pub?format=json',
      '/v1/AUTH_bob/pub/<script>',
      '/api/health',
      '/api/jobs/nope',
    ]
    for (const p of paths) {
      const r = await fetch(`${t.url}${p}`)
      expect(r.headers.get('content-security-policy'), p).toMatch(/^sandbox\b/)
      expect(r.headers.get('x-content-type-options'), p).toBe('nosniff')
    }
    // Job output posing as a page: ZeroCloud answers with the device's content_type.
    const r = await execute(t, [
      {
        name: 'page',
        exec: { source: `console.log(${JSON.stringify(PAYLOAD)})` },
        devices: [{ name: 'stdout', content_type: 'text/html' }],
      },
    ])
    expect(r.status).toBe(200)
    expect(r.headers.get('content-type')).toMatch(/^text\/html/)
    expect(r.headers.get('content-disposition')).toBe('attachment')
    expect(r.headers.get('content-security-policy')).toMatch(/^sandbox\b/)
  })
})

describe('smaller findings', () => {
  it('X-Storage-Url comes from the bound address, never from Host', async () => {
    const { request } = await import('node:http')
    const url = new URL(t.url)
    const storage = await new Promise<string>((ok, fail) => {
      const req = request(
        {
          host: url.hostname,
          port: url.port,
          path: '/auth/v1.0',
          headers: {
            Host: 'evil.example:666',
            'X-Auth-User': 'admin:admin',
            'X-Auth-Key': 'admin',
          },
        },
        (res) => {
          res.resume()
          ok(String(res.headers['x-storage-url']))
        },
      )
      req.on('error', fail)
      req.end()
    })
    expect(storage).toBe(`${t.url}/v1/AUTH_admin`)
  })

  it('X-Zerovm-Source is sized before it is read', async () => {
    const big = new Uint8Array(8 * 1024 * 1024).fill(0x20)
    await t.h.put(t.h.admin.who, 'jobs', { 'big.json': big })
    const a = await underAttack(t, () =>
      fetch(`${t.url}/v1/AUTH_admin`, {
        method: 'POST',
        headers: {
          'X-Zerovm-Execute': '1.0',
          'X-Auth-Token': t.h.admin.token,
          'X-Zerovm-Source': 'swift://~/jobs/big.json',
        },
      }),
    )
    expect(a.result.status).toBe(413)
    expect(a.result.headers.get('x-error-path')).toBe('X-Zerovm-Source')
    expect(await a.result.text()).toMatch(/8388608 bytes, over the limit of 65536/)
    expectResponsive(a, 'X-Zerovm-Source')
  })

  it('an account literally named AUTH_x does not match ACL entries meant for x', async () => {
    const x = t.h.deps.auth.login('x:x', 'x').token
    const evil = t.h.deps.auth.login('AUTH_x:evil', 'evil').token
    const mk = await fetch(`${t.url}/v1/AUTH_admin/for-x`, {
      method: 'PUT',
      headers: {
        'X-Auth-Token': t.h.admin.token,
        'X-Container-Read': 'AUTH_x',
        'X-Container-Write': 'x',
      },
    })
    expect(mk.status).toBe(201)
    await fetch(`${t.url}/v1/AUTH_admin/for-x/secret`, {
      method: 'PUT',
      headers: { 'X-Auth-Token': t.h.admin.token },
      body: 'for x only',
    })
    const read = (token: string): Promise<Response> =>
      fetch(`${t.url}/v1/AUTH_admin/for-x/secret`, { headers: { 'X-Auth-Token': token } })
    expect((await read(x)).status).toBe(200)
    expect((await read(evil)).status).toBe(403)
    const write = (token: string): Promise<Response> =>
      fetch(`${t.url}/v1/AUTH_admin/for-x/w`, {
        method: 'PUT',
        headers: { 'X-Auth-Token': token },
        body: '1',
      })
    expect((await write(x)).status).toBe(201)
    expect((await write(evil)).status).toBe(403)
    // …and entries naming it exactly do match it.
    await fetch(`${t.url}/v1/AUTH_admin/for-x`, {
      method: 'POST',
      headers: { 'X-Auth-Token': t.h.admin.token, 'X-Container-Read': 'AUTH_AUTH_x' },
    })
    expect((await read(evil)).status).toBe(200)
    expect((await read(x)).status).toBe(403)
  })

  it('shares need an account and stop at its quota; a flood costs the flooder only', async () => {
    const anon = await api(t, 'POST', '/api/shares', { token: null, body: { n: 0 } })
    expect(anon.status).toBe(401)
    const a = await underAttack(t, async () => {
      const statuses: number[] = []
      for (let i = 0; i < 40; i++)
        statuses.push(
          (
            await api(t, 'POST', '/api/shares', {
              token: t.h.bob.token,
              body: { n: i, pad: 'x'.repeat(1000) },
            })
          ).status,
        )
      return statuses
    })
    expect(a.result.slice(0, 5)).toEqual([201, 201, 201, 201, 201])
    expect(new Set(a.result.slice(5))).toEqual(new Set([413]))
    expectResponsive(a, 'share flood')
    const over = await api(t, 'POST', '/api/shares', { token: t.h.bob.token, body: { n: 99 } })
    expect(errorOf(over)).toMatchObject({ code: 'QUOTA_EXCEEDED', limit: { cap: 5, asked: 6 } })
    // Another account's quota is its own.
    expect((await api(t, 'POST', '/api/shares', { body: { n: 99 } })).status).toBe(201)
  })
})
