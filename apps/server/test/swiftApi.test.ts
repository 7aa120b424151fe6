import { createHash } from 'node:crypto'
import { readdirSync } from 'node:fs'
import { request } from 'node:http'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { body, openHarness, type Harness } from './harness.ts'

const md5 = (s: string | Uint8Array): string => createHash('md5').update(s).digest('hex')

describe.each(['app', 'server'] as const)('Swift API through %s', (mode) => {
  let h: Harness
  let T: Record<string, string>
  const A = '/v1/AUTH_admin'

  beforeAll(async () => {
    h = await openHarness({ mode, limits: { maxObjectSize: 64 * 1024 } })
    T = { 'X-Auth-Token': await h.token('admin:admin', 'admin') }
  })
  afterAll(() => h.close())

  it('issues tokens at /auth/v1.0 and /auth/v1.0/', async () => {
    for (const p of ['/auth/v1.0', '/auth/v1.0/']) {
      const r = await h.fetch(p, {
        headers: { 'X-Auth-User': 'test:tester', 'X-Auth-Key': 'testing' },
      })
      expect(r.status).toBe(200)
      expect(r.headers.get('x-auth-token')).toMatch(/^AUTH_tk[0-9a-f]{32}$/)
      expect(r.headers.get('x-storage-token')).toBe(r.headers.get('x-auth-token'))
      expect(r.headers.get('x-storage-url')).toMatch(/\/v1\/AUTH_test$/)
      expect(Number(r.headers.get('x-auth-token-expires'))).toBeGreaterThan(86000)
    }
    const bad = await h.fetch('/auth/v1.0', {
      headers: { 'X-Auth-User': 'test:tester', 'X-Auth-Key': 'nope' },
    })
    expect(bad.status).toBe(401)
    expect(bad.headers.get('x-error-code')).toBe('UNAUTHORIZED')
    expect((await h.fetch('/auth/v1.0')).status).toBe(401)
    const forged = await h.fetch(A, { headers: { 'X-Auth-Token': 'AUTH_tkdeadbeef' } })
    expect(forged.status).toBe(401)
  })

  it('creates, updates, lists and deletes containers with Swift status codes', async () => {
    expect((await h.fetch(`${A}/box`, { method: 'PUT', headers: T })).status).toBe(201)
    const again = await h.fetch(`${A}/box`, {
      method: 'PUT',
      headers: { ...T, 'X-Container-Meta-Color': 'blue' },
    })
    expect(again.status).toBe(202)
    const post = await h.fetch(`${A}/box`, {
      method: 'POST',
      headers: { ...T, 'X-Container-Meta-Size': 'xl', 'X-Remove-Container-Meta-Color': 'x' },
    })
    expect(post.status).toBe(204)
    const head = await h.fetch(`${A}/box`, { method: 'HEAD', headers: T })
    expect(head.status).toBe(204)
    expect(head.headers.get('x-container-meta-size')).toBe('xl')
    expect(head.headers.get('x-container-meta-color')).toBeNull()
    expect(head.headers.get('x-container-object-count')).toBe('0')
    const empty = await h.fetch(`${A}/box`, { headers: T })
    expect(empty.status).toBe(204)
    const emptyJson = await h.fetch(`${A}/box?format=json`, { headers: T })
    expect(emptyJson.status).toBe(200)
    expect(await emptyJson.json()).toEqual([])
    expect((await h.fetch(`${A}/box/f`, body('x', T))).status).toBe(201)
    const del = await h.fetch(`${A}/box`, { method: 'DELETE', headers: T })
    expect(del.status).toBe(409)
    expect(del.headers.get('x-error-code')).toBe('CONFLICT')
    expect((await h.fetch(`${A}/box/f`, { method: 'DELETE', headers: T })).status).toBe(204)
    expect((await h.fetch(`${A}/box/f`, { method: 'DELETE', headers: T })).status).toBe(404)
    expect((await h.fetch(`${A}/box`, { method: 'DELETE', headers: T })).status).toBe(204)
    expect((await h.fetch(`${A}/box`, { method: 'HEAD', headers: T })).status).toBe(404)
    expect((await h.fetch(`${A}/box`, { method: 'POST', headers: T })).status).toBe(404)
    expect((await h.fetch(`${A}/box/f`, body('x', T))).status).toBe(404)
  })

  it('reports and lists the account, and takes account metadata', async () => {
    await h.fetch(`${A}/acct-a`, { method: 'PUT', headers: T })
    await h.fetch(`${A}/acct-b`, { method: 'PUT', headers: T })
    await h.fetch(`${A}/acct-a/o`, body('12345', T))
    expect(
      (await h.fetch(A, { method: 'POST', headers: { ...T, 'X-Account-Meta-Team': 'red' } }))
        .status,
    ).toBe(204)
    const head = await h.fetch(A, { method: 'HEAD', headers: T })
    expect(head.status).toBe(204)
    expect(head.headers.get('x-account-meta-team')).toBe('red')
    expect(Number(head.headers.get('x-account-container-count'))).toBeGreaterThanOrEqual(2)
    expect(Number(head.headers.get('x-account-bytes-used'))).toBeGreaterThanOrEqual(5)
    const text = await (await h.fetch(`${A}?prefix=acct-`, { headers: T })).text()
    expect(text).toBe('acct-a\nacct-b\n')
    const json = (await (
      await h.fetch(`${A}?format=json&prefix=acct-&limit=1`, { headers: T })
    ).json()) as {
      name: string
      count: number
      bytes: number
      last_modified: string
    }[]
    expect(json).toHaveLength(1)
    expect(json[0]).toMatchObject({ name: 'acct-a', count: 1, bytes: 5 })
    expect(json[0]!.last_modified).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}$/)
    const marker = await (await h.fetch(`${A}?prefix=acct-&marker=acct-a`, { headers: T })).text()
    expect(marker).toBe('acct-b\n')
    const xml = await (await h.fetch(`${A}?format=xml&prefix=acct-`, { headers: T })).text()
    expect(xml).toContain('<container><name>acct-a</name><count>1</count><bytes>5</bytes>')
  })

  it('lists objects with prefix, delimiter, marker, end_marker and limit', async () => {
    await h.fetch(`${A}/list`, { method: 'PUT', headers: T })
    const names = ['a.txt', 'b/1', 'b/2', 'b/c/3', 'c', 'd/x', 'e']
    for (const n of names) await h.fetch(`${A}/list/${n}`, body(n, T))
    const get = async (q: string): Promise<string> =>
      (await (await h.fetch(`${A}/list?${q}`, { headers: T })).text()).trim()
    expect(await get('')).toBe(names.join('\n'))
    expect(await get('delimiter=/')).toBe('a.txt\nb/\nc\nd/\ne')
    expect(await get('prefix=b/&delimiter=/')).toBe('b/1\nb/2\nb/c/')
    expect(await get('marker=b/2')).toBe('b/c/3\nc\nd/x\ne')
    expect(await get('end_marker=b/2')).toBe('a.txt\nb/1')
    expect(await get('marker=a.txt&end_marker=c')).toBe('b/1\nb/2\nb/c/3')
    expect(await get('limit=2')).toBe('a.txt\nb/1')
    expect(await get('delimiter=/&limit=3')).toBe('a.txt\nb/\nc')
    expect(await get('delimiter=/&marker=b/')).toBe('c\nd/\ne')
    const json = (await (
      await h.fetch(`${A}/list?format=json&prefix=b/&delimiter=/`, { headers: T })
    ).json()) as Record<string, unknown>[]
    expect(json[0]).toMatchObject({ name: 'b/1', bytes: 3, hash: md5('b/1') })
    expect(json[2]).toEqual({ subdir: 'b/c/' })
    const over = await h.fetch(`${A}/list?limit=10001`, { headers: T })
    expect(over.status).toBe(412)
    // Swift reads only a digits-only limit; anything else means the default
    expect((await h.fetch(`${A}/list?limit=x`, { headers: T })).status).toBe(200)
    expect((await h.fetch(`${A}/list?limit=5000.0`, { headers: T })).status).toBe(200)
  })

  it('PUTs objects (plain and chunked), checks ETag and serves them back with metadata', async () => {
    await h.fetch(`${A}/obj`, { method: 'PUT', headers: T })
    const put = await h.fetch(
      `${A}/obj/hello.txt`,
      body('hello world', {
        ...T,
        'Content-Disposition': 'attachment; filename="hi.txt"',
        ETag: md5('hello world'),
        'X-Object-Meta-Color': 'red',
        'Content-Type': 'text/x-greeting',
      }),
    )
    expect(put.status).toBe(201)
    expect(put.headers.get('etag')).toBe(md5('hello world'))
    const get = await h.fetch(`${A}/obj/hello.txt`, { headers: T })
    expect(get.status).toBe(200)
    expect(await get.text()).toBe('hello world')
    expect(get.headers.get('content-type')).toBe('text/x-greeting')
    expect(get.headers.get('x-object-meta-color')).toBe('red')
    expect(get.headers.get('content-disposition')).toBe('attachment; filename="hi.txt"')
    expect(get.headers.get('content-length')).toBe('11')
    expect(get.headers.get('last-modified')).toMatch(/GMT$/)
    const mismatch = await h.fetch(`${A}/obj/bad`, body('data', { ...T, ETag: md5('other') }))
    expect(mismatch.status).toBe(422)
    expect(mismatch.headers.get('x-error-code')).toBe('ETAG_MISMATCH')
    expect((await h.fetch(`${A}/obj/bad`, { method: 'HEAD', headers: T })).status).toBe(404)
    // chunked: a stream body without Content-Length
    const chunks = ['abc', 'def', 'ghi']
    const stream = new ReadableStream<Uint8Array>({
      start(c) {
        for (const ch of chunks) c.enqueue(new TextEncoder().encode(ch))
        c.close()
      },
    })
    const chunked = await h.fetch(`${A}/obj/chunked`, {
      method: 'PUT',
      body: stream,
      headers: mode === 'app' ? { ...T, 'Transfer-Encoding': 'chunked' } : T,
      duplex: 'half',
    } as RequestInit)
    expect(chunked.status).toBe(201)
    expect(chunked.headers.get('etag')).toBe(md5('abcdefghi'))
    expect(await (await h.fetch(`${A}/obj/chunked`, { headers: T })).text()).toBe('abcdefghi')
    const guessed = await h.fetch(`${A}/obj/prog.wasm`, body(new Uint8Array([0, 97, 115, 109]), T))
    expect(guessed.status).toBe(201)
    const hd = await h.fetch(`${A}/obj/prog.wasm`, { method: 'HEAD', headers: T })
    expect(hd.headers.get('content-type')).toBe('application/wasm')
    expect(hd.headers.get('content-length')).toBe('4')
  })

  it('answers 411 without a length, 413 over the size limit', async () => {
    await h.fetch(`${A}/lim`, { method: 'PUT', headers: T })
    if (mode === 'app') {
      const r = await h.fetch(`${A}/lim/x`, { method: 'PUT', headers: T, body: 'abc' })
      expect(r.status).toBe(411)
      expect(r.headers.get('x-error-code')).toBe('LENGTH_REQUIRED')
    }
    const big = new Uint8Array(64 * 1024 + 1)
    const r = await h.fetch(`${A}/lim/big`, body(big, T))
    expect(r.status).toBe(413)
    expect(r.headers.get('x-error-code')).toBe('PAYLOAD_TOO_LARGE')
    const stream = new ReadableStream<Uint8Array>({
      start(c) {
        for (let i = 0; i < 20; i++) c.enqueue(new Uint8Array(4096))
        c.close()
      },
    })
    const r2 = await h.fetch(`${A}/lim/big2`, {
      method: 'PUT',
      body: stream,
      headers: mode === 'app' ? { ...T, 'Transfer-Encoding': 'chunked' } : T,
      duplex: 'half',
    } as RequestInit)
    expect(r2.status).toBe(413)
    expect((await h.fetch(`${A}/lim/big2`, { method: 'HEAD', headers: T })).status).toBe(404)
    expect((await h.fetch(`${A}/lim/ok`, body(new Uint8Array(64 * 1024), T))).status).toBe(201)
  })

  it('stores nothing when the client disconnects mid-upload', async () => {
    if (mode !== 'server') return
    await h.fetch(`${A}/cut`, { method: 'PUT', headers: T })
    const origin = new URL(
      (
        await h.fetch('/auth/v1.0', {
          headers: { 'X-Auth-User': 'admin:admin', 'X-Auth-Key': 'admin' },
        })
      ).headers.get('x-storage-url')!,
    ).origin
    await new Promise<void>((ok) => {
      const req = request(`${origin}${A}/cut/partial`, {
        method: 'PUT',
        headers: { ...T, 'Content-Length': '100000' },
      })
      req.on('error', () => ok())
      req.write(new Uint8Array(1000), () => setTimeout(() => req.destroy(), 50))
      req.on('close', () => ok())
    })
    await new Promise((r) => setTimeout(r, 100))
    expect((await h.fetch(`${A}/cut/partial`, { method: 'HEAD', headers: T })).status).toBe(404)
    expect(readdirSync(join(h.dir, 'tmp'))).toEqual([])
  })

  it('serves single, suffix, open and multiple ranges; 416 when unsatisfiable', async () => {
    await h.fetch(`${A}/rng`, { method: 'PUT', headers: T })
    await h.fetch(`${A}/rng/digits`, body('0123456789', T))
    const range = async (r: string): Promise<Response> =>
      h.fetch(`${A}/rng/digits`, { headers: { ...T, Range: r } })
    let r = await range('bytes=2-4')
    expect(r.status).toBe(206)
    expect(r.headers.get('content-range')).toBe('bytes 2-4/10')
    expect(await r.text()).toBe('234')
    r = await range('bytes=-3')
    expect(await r.text()).toBe('789')
    r = await range('bytes=7-')
    expect(await r.text()).toBe('789')
    r = await range('bytes=8-100')
    expect(r.headers.get('content-range')).toBe('bytes 8-9/10')
    expect(await r.text()).toBe('89')
    r = await range('bytes=20-30')
    expect(r.status).toBe(416)
    expect(r.headers.get('content-range')).toBe('bytes */10')
    r = await range('bytes=5-2')
    expect(r.status).toBe(200)
    expect(await r.text()).toBe('0123456789')
    r = await range('bytes=0-1,5-6')
    expect(r.status).toBe(206)
    const ct = r.headers.get('content-type')!
    expect(ct).toMatch(/^multipart\/byteranges;boundary=/)
    const text = await r.text()
    expect(Number(r.headers.get('content-length'))).toBe(Buffer.byteLength(text))
    expect(text).toContain('Content-Range: bytes 0-1/10\r\n\r\n01\r\n')
    expect(text).toContain('Content-Range: bytes 5-6/10\r\n\r\n56\r\n')
  })

  it('honours If-Match, If-None-Match, If-Modified-Since, If-Unmodified-Since', async () => {
    await h.fetch(`${A}/cond`, { method: 'PUT', headers: T })
    const put = await h.fetch(`${A}/cond/o`, body('abc', T))
    const etag = put.headers.get('etag')!
    const lm = put.headers.get('last-modified')!
    const get = async (hd: Record<string, string>): Promise<number> =>
      (await h.fetch(`${A}/cond/o`, { headers: { ...T, ...hd } })).status
    expect(await get({ 'If-Match': `"${etag}"` })).toBe(200)
    expect(await get({ 'If-Match': '"nope"' })).toBe(412)
    expect(await get({ 'If-Match': '*' })).toBe(200)
    expect(await get({ 'If-None-Match': etag })).toBe(304)
    expect(await get({ 'If-None-Match': '"other"' })).toBe(200)
    expect(await get({ 'If-Modified-Since': lm })).toBe(304)
    expect(await get({ 'If-Modified-Since': 'Mon, 01 Jan 2001 00:00:00 GMT' })).toBe(200)
    expect(await get({ 'If-Unmodified-Since': 'Mon, 01 Jan 2001 00:00:00 GMT' })).toBe(412)
    expect(await get({ 'If-Unmodified-Since': lm })).toBe(200)
    const r304 = await h.fetch(`${A}/cond/o`, { headers: { ...T, 'If-None-Match': etag } })
    expect(r304.headers.get('etag')).toBe(etag)
    const again = await h.fetch(`${A}/cond/o`, body('new', { ...T, 'If-None-Match': '*' }))
    expect(again.status).toBe(412)
  })

  it('POST replaces object metadata; COPY and X-Copy-From copy bytes and metadata', async () => {
    await h.fetch(`${A}/cp`, { method: 'PUT', headers: T })
    await h.fetch(`${A}/cp2`, { method: 'PUT', headers: T })
    await h.fetch(
      `${A}/cp/src`,
      body('copy me', { ...T, 'X-Object-Meta-A': '1', 'X-Object-Meta-B': '2' }),
    )
    const post = await h.fetch(`${A}/cp/src`, {
      method: 'POST',
      headers: { ...T, 'X-Object-Meta-C': '3', 'Content-Type': 'text/plain' },
    })
    expect(post.status).toBe(202)
    const hd = await h.fetch(`${A}/cp/src`, { method: 'HEAD', headers: T })
    expect(hd.headers.get('x-object-meta-a')).toBeNull()
    expect(hd.headers.get('x-object-meta-c')).toBe('3')
    expect(hd.headers.get('content-type')).toBe('text/plain')
    expect((await h.fetch(`${A}/cp/missing`, { method: 'POST', headers: T })).status).toBe(404)

    const copy = await h.fetch(`${A}/cp/src`, {
      method: 'COPY',
      headers: { ...T, Destination: '/cp2/dst%20one', 'X-Object-Meta-D': '4' },
    })
    expect(copy.status).toBe(201)
    expect(copy.headers.get('x-copied-from')).toBe('cp/src')
    const dst = await h.fetch(`${A}/cp2/dst%20one`, { headers: T })
    expect(await dst.text()).toBe('copy me')
    expect(dst.headers.get('x-object-meta-c')).toBe('3')
    expect(dst.headers.get('x-object-meta-d')).toBe('4')

    const xcf = await h.fetch(`${A}/cp2/via-put`, {
      ...body('', {
        ...T,
        'X-Copy-From': 'cp/src',
        'X-Fresh-Metadata': 'true',
        'X-Object-Meta-E': '5',
      }),
    })
    expect(xcf.status).toBe(201)
    const v = await h.fetch(`${A}/cp2/via-put`, { headers: T })
    expect(await v.text()).toBe('copy me')
    expect(v.headers.get('x-object-meta-c')).toBeNull()
    expect(v.headers.get('x-object-meta-e')).toBe('5')
    const missing = await h.fetch(`${A}/cp/nope`, {
      method: 'COPY',
      headers: { ...T, Destination: 'cp2/x' },
    })
    expect(missing.status).toBe(404)
    // Swift's copy middleware: 'Destination header required' is a 412
    const noDest = await h.fetch(`${A}/cp/src`, { method: 'COPY', headers: T })
    expect(noDest.status).toBe(412)
    expect(await noDest.text()).toBe('Destination header required')
  })

  it('rejects or contains bad object names, never touching files outside the data dir', async () => {
    await h.fetch(`${A}/names`, { method: 'PUT', headers: T })
    const put = async (p: string): Promise<Response> => h.fetch(`${A}/names/${p}`, body('x', T))
    for (const p of ['a%2F..%2Fb', '..%2Fx', 'x%2F.%2Fy', 'x'.repeat(1025)]) {
      const r = await put(p)
      expect(r.status, p).toBe(400)
      expect(r.headers.get('x-error-code'), p).toBe('INVALID_NAME')
    }
    // Swift's proxy: a path that is not UTF-8 or holds NUL is 412 'Invalid UTF8 or contains NULL'
    for (const p of ['nul%00byte', 'bad%FFutf8']) {
      const r = await put(p)
      expect(r.status, p).toBe(412)
      expect(await r.text(), p).toBe('Invalid UTF8 or contains NULL')
    }
    // Dot segments in the URL itself are resolved by URL parsing before routing: contained.
    const dots = await put('sub/%2E%2E/flat')
    expect(dots.status).toBe(201)
    expect(await (await h.fetch(`${A}/names/flat`, { headers: T })).text()).toBe('x')
    const escape = await h.fetch(`${A}/names/../../../../etc/passwd`, { headers: T })
    expect(escape.status).toBeGreaterThanOrEqual(400)
    expect(await escape.text()).not.toContain('root:')
    // %2F decodes to a '/' inside the object name, as in Swift
    expect((await put('dir%2Ffile')).status).toBe(201)
    const listed = await (await h.fetch(`${A}/names?prefix=dir/`, { headers: T })).text()
    expect(listed).toBe('dir/file\n')
    expect((await put('x'.repeat(1024))).status).toBe(201)
    const longC = await h.fetch(`${A}/${'c'.repeat(257)}`, { method: 'PUT', headers: T })
    expect(longC.status).toBe(400)
    // every stored file is named by id inside <data>/objects
    for (const o of h.deps.store.allObjects())
      if (o.path) expect(o.path.startsWith(`${h.dir}/objects/`)).toBe(true)
  })

  it('lists containers as XML or by Accept header, and checks metadata limits', async () => {
    await h.fetch(`${A}/fmt`, { method: 'PUT', headers: T })
    await h.fetch(`${A}/fmt/a&b`, body('x', T))
    const xml = await (await h.fetch(`${A}/fmt?format=xml`, { headers: T })).text()
    expect(xml).toContain('<container name="fmt"><object><name>a&amp;b</name>')
    const byAccept = await h.fetch(`${A}/fmt`, { headers: { ...T, Accept: 'application/json' } })
    expect(byAccept.headers.get('content-type')).toMatch(/^application\/json/)
    expect(((await byAccept.json()) as { name: string }[])[0]!.name).toBe('a&b')
    const longName = await h.fetch(
      `${A}/fmt/m`,
      body('x', { ...T, [`X-Object-Meta-${'n'.repeat(129)}`]: 'v' }),
    )
    expect(longName.status).toBe(400)
    const longValue = await h.fetch(
      `${A}/fmt/m`,
      body('x', { ...T, 'X-Object-Meta-V': 'v'.repeat(257) }),
    )
    expect(longValue.status).toBe(400)
    const many: Record<string, string> = {}
    for (let i = 0; i < 20; i++) many[`X-Object-Meta-K${i}`] = 'v'.repeat(250)
    expect((await h.fetch(`${A}/fmt/m`, body('x', { ...T, ...many }))).status).toBe(400)
    const inm = await h.fetch(`${A}/fmt/m`, body('x', { ...T, 'If-None-Match': '"abc"' }))
    expect(inm.status).toBe(400)
  })

  it('keeps container counters equal to the object rows after all of the above', () => {
    const drift = h.deps.db
      .prepare(
        `SELECT c.name FROM containers c
          WHERE c.object_count != (SELECT COUNT(*) FROM objects o WHERE o.container_id = c.id)
             OR c.bytes_used != (SELECT COALESCE(SUM(size), 0) FROM objects o WHERE o.container_id = c.id)`,
      )
      .all()
    expect(drift).toEqual([])
    const n = h.deps.db.prepare('SELECT COUNT(*) FROM objects').pluck().get() as number
    expect(n).toBeGreaterThan(20)
  })

  it('serves /info and answers unknown methods with 405', async () => {
    const info = (await (await h.fetch('/info')).json()) as { swift: { max_file_size: number } }
    expect(info.swift.max_file_size).toBe(64 * 1024)
    // tempauth: only a reseller admin may PUT/DELETE an account; its owner gets 403
    const r = await h.fetch(A, { method: 'DELETE', headers: T })
    expect(r.status).toBe(403)
    const r2 = await h.fetch(`${A}/c`, { method: 'PATCH', headers: T })
    expect(r2.status).toBe(405)
    expect(r2.headers.get('x-error-code')).toBe('METHOD_NOT_ALLOWED')
  })
})
