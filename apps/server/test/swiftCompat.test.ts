import { createHash } from 'node:crypto'
import { connect } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { body, openHarness, type Harness } from './harness.ts'

const md5 = (s: string | Uint8Array): string => createHash('md5').update(s).digest('hex')
/** A header value as Node puts UTF-8 on the wire (one char per byte). */
const wire = (s: string): string => Buffer.from(s, 'utf8').toString('latin1')
const unwire = (s: string | null): string | null =>
  s === null ? null : Buffer.from(s, 'latin1').toString('utf8')

/** One raw HTTP exchange, to see status lines and header names exactly as sent. */
function raw(
  port: number,
  text: string,
): Promise<{ status: number; head: string; names: string[]; body: string }> {
  return new Promise((ok, fail) => {
    const s = connect(port, '127.0.0.1', () => s.write(text))
    // A request without `Connection: close` is answered and then left open: stop reading then.
    const idle = setTimeout(() => s.destroy(), 1500)
    s.on('close', () => clearTimeout(idle))
    let d = ''
    s.on('data', (c: Buffer) => {
      d += c.toString('latin1')
    })
    s.on('error', fail)
    s.on('close', () => {
      const [head = '', bodyText = ''] = d.split('\r\n\r\n')
      const lines = head.split('\r\n')
      ok({
        status: Number(lines[0]!.split(' ')[1]),
        head,
        names: lines.slice(1).map((l) => l.slice(0, l.indexOf(':'))),
        body: bodyText,
      })
    })
  })
}

describe('Swift wire compatibility (the causes the functional suite found)', () => {
  let h: Harness
  let T: Record<string, string>
  let port: number
  const A = '/v1/AUTH_admin'

  beforeAll(async () => {
    h = await openHarness({ mode: 'server' })
    T = { 'X-Auth-Token': await h.token('admin:admin', 'admin') }
    const r = await h.fetch('/auth/v1.0', {
      headers: { 'X-Auth-User': 'admin:admin', 'X-Auth-Key': 'admin' },
    })
    port = Number(new URL(r.headers.get('x-storage-url')!).port)
    await h.fetch(`${A}/c`, { method: 'PUT', headers: T })
  })
  afterAll(() => h.close())

  it('lists in reverse with reverse=true, marker bounding from above (Swift 2.30 listings)', async () => {
    for (const n of ['a', 'b', 'c/1', 'c/2', 'd']) await h.fetch(`${A}/c/${n}`, body(n, T))
    const get = async (q: string): Promise<string> =>
      (await (await h.fetch(`${A}/c?${q}`, { headers: T })).text()).trim()
    expect(await get('reverse=true')).toBe('d\nc/2\nc/1\nb\na')
    expect(await get('reverse=on&delimiter=/')).toBe('d\nc/\nb\na')
    expect(await get('reverse=yes&marker=c/1')).toBe('b\na')
    expect(await get('reverse=1&end_marker=c/1')).toBe('d\nc/2')
    // container listing path=: the objects directly under a pseudo-directory
    expect(await get('path=c')).toBe('c/1\nc/2')
    // account listings reverse too
    await h.fetch(`${A}/zz`, { method: 'PUT', headers: T })
    expect((await (await h.fetch(`${A}?reverse=true`, { headers: T })).text()).trim()).toBe('zz\nc')
  })

  it('ignores a limit that is not all digits, as constrain_req_limit does', async () => {
    const r = await h.fetch(`${A}/c?limit=5000.0`, { headers: T })
    expect(r.status).toBe(200)
    expect((await h.fetch(`${A}/c?limit=10001`, { headers: T })).status).toBe(412)
  })

  it('sends Last-Modified (the PUT/POST time) on container HEAD and GET', async () => {
    const head = await h.fetch(`${A}/c`, { method: 'HEAD', headers: T })
    expect(head.headers.get('last-modified')).toMatch(/GMT$/)
    expect(head.headers.get('x-put-timestamp')).toMatch(/^\d+\.\d{5}$/)
    const get = await h.fetch(`${A}/c`, { headers: T })
    expect(get.headers.get('last-modified')).toBe(head.headers.get('last-modified'))
  })

  it('reads header values as UTF-8: metadata, Content-Type and X-Copy-From round-trip', async () => {
    const put = await h.fetch(
      `${A}/c/ünï`,
      body('x', {
        ...T,
        'X-Object-Meta-Foo': wire('Bâr ☃'),
        'Content-Type': wire('text/plain; x=ü'),
      }),
    )
    expect(put.status).toBe(201)
    const got = await h.fetch(`${A}/c/%C3%BCn%C3%AF`, { headers: T })
    expect(unwire(got.headers.get('x-object-meta-foo'))).toBe('Bâr ☃')
    expect(unwire(got.headers.get('content-type'))).toBe('text/plain; x=ü')
    const listing = (await (
      await h.fetch(`${A}/c?format=json&prefix=%C3%BC`, { headers: T })
    ).json()) as {
      name: string
      content_type: string
    }[]
    expect(listing[0]).toMatchObject({ name: 'ünï', content_type: 'text/plain; x=ü' })
    // raw UTF-8 in X-Copy-From (not percent-encoded) names the same object
    const copy = await h.fetch(`${A}/c/copy`, body('', { ...T, 'X-Copy-From': wire('c/ünï') }))
    expect(copy.status).toBe(201)
    // limits count bytes once: 85 three-byte characters = 255 bytes are within 256
    const meta = await h.fetch(
      `${A}/c/m`,
      body('x', { ...T, 'X-Object-Meta-K': wire('☃'.repeat(85)) }),
    )
    expect(meta.status).toBe(201)
    const over = await h.fetch(
      `${A}/c/m`,
      body('x', { ...T, 'X-Object-Meta-K': wire('☃'.repeat(86)) }),
    )
    expect(over.status).toBe(400)
    expect(await over.text()).toBe('Metadata value longer than 256: x-object-meta-k')
  })

  it('checks account and container metadata against what is stored (broker validate_metadata)', async () => {
    const many: Record<string, string> = {}
    for (let i = 0; i < 90; i++) many[`X-Container-Meta-K${i}`] = 'v'
    expect((await h.fetch(`${A}/meta`, { method: 'PUT', headers: { ...T, ...many } })).status).toBe(
      201,
    )
    const one = await h.fetch(`${A}/meta`, {
      method: 'POST',
      headers: { ...T, 'X-Container-Meta-One-More': 'v' },
    })
    expect(one.status).toBe(400)
    expect(await one.text()).toBe('Too many metadata items; max 90')
    const blank = await h.fetch(`${A}/meta`, {
      method: 'POST',
      headers: { ...T, 'X-Container-Meta-': 'v' },
    })
    expect(blank.status).toBe(400)
    expect(await blank.text()).toBe('Metadata name cannot be empty')
  })

  it('COPY: source 404 before destination 403; Range copies a slice; no Destination is 412', async () => {
    const tester = { 'X-Auth-Token': await h.token('test:tester', 'testing') }
    await h.fetch('/v1/AUTH_test/src', { method: 'PUT', headers: tester })
    await h.fetch('/v1/AUTH_test/src/digits', body('0123456789', tester))
    // missing source in an account the caller owns, destination it may not write: 404 wins
    const miss = await h.fetch('/v1/AUTH_test/src/nope', {
      method: 'COPY',
      headers: { ...tester, Destination: 'c/x', 'Destination-Account': 'AUTH_admin' },
    })
    expect(miss.status).toBe(404)
    const denied = await h.fetch('/v1/AUTH_test/src/digits', {
      method: 'COPY',
      headers: { ...tester, Destination: 'c/x', 'Destination-Account': 'AUTH_admin' },
    })
    expect(denied.status).toBe(403)
    const ranged = await h.fetch(
      '/v1/AUTH_test/src/slice',
      body('', { ...tester, 'X-Copy-From': 'src/digits', Range: 'bytes=2-4' }),
    )
    expect(ranged.status).toBe(201)
    expect(ranged.headers.get('x-copied-from')).toBe('src/digits')
    expect(ranged.headers.get('x-copied-from-account')).toBe('AUTH_test')
    expect(await (await h.fetch('/v1/AUTH_test/src/slice', { headers: tester })).text()).toBe('234')
    const noDest = await h.fetch('/v1/AUTH_test/src/digits', { method: 'COPY', headers: tester })
    expect(noDest.status).toBe(412)
  })

  it('answers PUT /v1 with 412 Bad URL, and a raw request line with a title-cased status', async () => {
    const r = await raw(
      port,
      'PUT /v1 HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\nConnection: close\r\n\r\n',
    )
    expect(r.status).toBe(412)
    expect(r.body).toBe('Bad URL')
  })

  it('guesses Content-Type as Python mimetypes does (.wav is audio/x-wav)', async () => {
    await h.fetch(`${A}/c/sound.wav`, body('RIFF', T))
    await h.fetch(`${A}/c/notes.txt.gz`, body('x', T))
    const type = async (n: string): Promise<string | null> =>
      (await h.fetch(`${A}/c/${n}`, { method: 'HEAD', headers: T })).headers.get('content-type')
    expect(await type('sound.wav')).toBe('audio/x-wav')
    expect(await type('notes.txt.gz')).toBe('text/plain')
  })

  it("reads swob's Range syntax (spaces), and checks If-Unmodified-Since beside If-Match", async () => {
    await h.fetch(`${A}/c/d`, body('0123456789', T))
    const r = await h.fetch(`${A}/c/d`, { headers: { ...T, Range: 'bytes=0 - 3' } })
    expect(r.status).toBe(206)
    expect(await r.text()).toBe('0123')
    const etag = md5('0123456789')
    const early = 'Mon, 01 Jan 2001 00:00:00 GMT'
    const c = await h.fetch(`${A}/c/d`, {
      headers: { ...T, 'If-Match': etag, 'If-Unmodified-Since': early },
    })
    expect(c.status).toBe(412)
  })

  it('refuses an unknown X-Storage-Policy with 400', async () => {
    const r = await h.fetch(`${A}/gold`, {
      method: 'PUT',
      headers: { ...T, 'X-Storage-Policy': 'gold' },
    })
    expect(r.status).toBe(400)
    expect(await r.text()).toBe("Invalid X-Storage-Policy 'gold'")
    expect(
      (
        await h.fetch(`${A}/p0`, {
          method: 'PUT',
          headers: { ...T, 'X-Storage-Policy': 'Policy-0' },
        })
      ).status,
    ).toBe(201)
  })

  it('answers 411 for a body without length and 501 for Transfer-Encoding: gzip,chunked, before the garbage', async () => {
    const put = (extra: string): Promise<{ status: number }> =>
      raw(
        port,
        `PUT ${A}/c/te HTTP/1.1\r\nHost: x\r\nX-Auth-Token: ${T['X-Auth-Token']}\r\n${extra}\r\ntesting`,
      )
    expect((await put('')).status).toBe(411)
    expect((await put('Transfer-Encoding: gzip,chunked\r\n')).status).toBe(501)
    expect((await put('Content-Length: X\r\n')).status).toBe(400)
  })

  it('answers a method Node does not know (LICK) with 405, as Swift (tests.py testBadHeaders)', async () => {
    for (const m of ['LICK', 'GETorHEAD_base']) {
      const r = await raw(port, `${m} ${A} HTTP/1.1\r\nHost: x\r\n\r\n`)
      expect(r.status, m).toBe(405)
      expect(r.body).toBe(
        '<html><h1>Method Not Allowed</h1><p>The method is not allowed for this resource.</p></html>',
      )
    }
  })

  it('sends X-Openstack-Request-Id, title-cased header names, and no Connection unless asked', async () => {
    const r = await raw(
      port,
      `HEAD ${A}/c/d HTTP/1.1\r\nHost: x\r\nX-Auth-Token: ${T['X-Auth-Token']}\r\n\r\n`,
    )
    expect(r.names).toEqual(
      expect.arrayContaining(['Etag', 'Content-Type', 'X-Openstack-Request-Id', 'X-Trans-Id']),
    )
    expect(r.names).not.toContain('Connection')
    const k = await raw(
      port,
      `HEAD ${A}/c/d HTTP/1.1\r\nHost: x\r\nConnection: keep-alive\r\nX-Auth-Token: ${T['X-Auth-Token']}\r\n\r\n`,
    )
    expect(k.head).toMatch(/\r\nConnection: keep-alive/)
  })

  it("answers errors with Swift's bodies; 401 names the account as a quoted realm", async () => {
    const r = await h.fetch('/v1/AUTH_x%22y', { headers: { 'X-Auth-Token': 'AUTH_tkbad' } })
    expect(r.status).toBe(401)
    expect(r.headers.get('www-authenticate')).toBe('Swift realm="AUTH_x%22y"')
    const bad = await h.fetch(`${A}/c/o`, body('x', { ...T, 'X-Delete-At': 'soon' }))
    expect(bad.status).toBe(400)
    expect(bad.headers.get('content-type')).toBe('text/html; charset=UTF-8')
    expect(await bad.text()).toBe('Non-integer X-Delete-At')
  })
})
