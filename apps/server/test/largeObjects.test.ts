import { createHash } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { body, openHarness, type Harness } from './harness.ts'

const md5 = (s: string | Uint8Array): string => createHash('md5').update(s).digest('hex')

describe('large objects: DLO (X-Object-Manifest) and SLO (multipart-manifest), as Swift 2.30', () => {
  let h: Harness
  let T: Record<string, string>
  const A = '/v1/AUTH_admin'
  const seg = (c: string): string => c.repeat(10)

  beforeAll(async () => {
    h = await openHarness()
    T = { 'X-Auth-Token': await h.token('admin:admin', 'admin') }
    for (const c of ['lo', 'segs']) await h.fetch(`${A}/${c}`, { method: 'PUT', headers: T })
    for (const c of 'abcde') await h.fetch(`${A}/segs/p/${c}`, body(seg(c), T))
  })
  afterAll(() => h.close())

  describe('DLO', () => {
    it('concatenates the prefix listing; ETag is the quoted MD5 of the segment ETags', async () => {
      const put = await h.fetch(
        `${A}/lo/dlo`,
        body('manifest-body', { ...T, 'X-Object-Manifest': 'segs/p/' }),
      )
      expect(put.status).toBe(201)
      const get = await h.fetch(`${A}/lo/dlo`, { headers: T })
      expect(await get.text()).toBe('aaaaaaaaaabbbbbbbbbbccccccccccddddddddddeeeeeeeeee')
      const etags = 'abcde'.split('').map((c) => md5(seg(c)))
      expect(get.headers.get('etag')).toBe(`"${md5(etags.join(''))}"`)
      expect(get.headers.get('content-length')).toBe('50')
      expect(get.headers.get('x-object-manifest')).toBe('segs/p/')
      // ?multipart-manifest=get shows the manifest object itself
      const raw = await h.fetch(`${A}/lo/dlo?multipart-manifest=get`, { headers: T })
      expect(await raw.text()).toBe('manifest-body')
    })

    it('serves ranges across segments; a multi-range request is answered 200 with everything', async () => {
      const r = await h.fetch(`${A}/lo/dlo`, { headers: { ...T, Range: 'bytes=8-32' } })
      expect(r.status).toBe(206)
      expect(r.headers.get('content-range')).toBe('bytes 8-32/50')
      expect(await r.text()).toBe('aabbbbbbbbbbccccccccccddd')
      const multi = await h.fetch(`${A}/lo/dlo`, { headers: { ...T, Range: 'bytes=0-4,10-14' } })
      expect(multi.status).toBe(200)
      const over = await h.fetch(`${A}/lo/dlo`, { headers: { ...T, Range: 'bytes=50-56' } })
      expect(over.status).toBe(416)
      expect(over.headers.get('content-range')).toBe('bytes */50')
    })

    it('a POST without X-Object-Manifest makes it a plain object again (dlo_post_without_manifest_header)', async () => {
      await h.fetch(`${A}/lo/dlo2`, body('plain', { ...T, 'X-Object-Manifest': 'segs/p/' }))
      expect((await h.fetch(`${A}/lo/dlo2`, { method: 'POST', headers: T })).status).toBe(202)
      expect(await (await h.fetch(`${A}/lo/dlo2`, { headers: T })).text()).toBe('plain')
      await h.fetch(`${A}/lo/dlo2`, {
        method: 'POST',
        headers: { ...T, 'X-Object-Manifest': 'segs/p/' },
      })
      expect((await (await h.fetch(`${A}/lo/dlo2`, { headers: T })).text()).length).toBe(50)
    })

    it('COPY of a DLO stores the concatenation; with multipart-manifest=get, the manifest', async () => {
      await h.fetch(`${A}/lo/dlo`, { method: 'COPY', headers: { ...T, Destination: 'lo/whole' } })
      const whole = await h.fetch(`${A}/lo/whole`, { headers: T })
      expect((await whole.text()).length).toBe(50)
      expect(whole.headers.get('x-object-manifest')).toBeNull()
      await h.fetch(`${A}/lo/dlo?multipart-manifest=get`, {
        method: 'COPY',
        headers: { ...T, Destination: 'lo/man2' },
      })
      const man = await h.fetch(`${A}/lo/man2`, { method: 'HEAD', headers: T })
      expect(man.headers.get('x-object-manifest')).toBe('segs/p/')
    })

    it('needs listing rights on the segment container: 403 for a reader of the manifest only', async () => {
      await h.fetch(`${A}/lo`, { method: 'POST', headers: { ...T, 'X-Container-Read': 'test' } })
      const tester = { 'X-Auth-Token': await h.token('test:tester', 'testing') }
      expect((await h.fetch(`${A}/lo/dlo`, { headers: tester })).status).toBe(403)
      await h.fetch(`${A}/segs`, { method: 'POST', headers: { ...T, 'X-Container-Read': 'test' } })
      expect((await h.fetch(`${A}/lo/dlo`, { headers: tester })).status).toBe(200)
    })
  })

  describe('SLO', () => {
    const manifest = (names: string[], extra: Record<string, unknown>[] = []): string =>
      JSON.stringify([
        ...names.map((n) => ({ path: `/segs/p/${n}`, etag: md5(seg(n)), size_bytes: 10 })),
        ...extra,
      ])

    it('PUT validates segments and answers the quoted SLO ETag; listings show the whole size', async () => {
      const put = await h.fetch(
        `${A}/lo/slo?multipart-manifest=put`,
        body(manifest(['a', 'b', 'c']), T),
      )
      expect(put.status).toBe(201)
      const want = md5(['a', 'b', 'c'].map((n) => md5(seg(n))).join(''))
      expect(put.headers.get('etag')).toBe(`"${want}"`)
      const head = await h.fetch(`${A}/lo/slo`, { method: 'HEAD', headers: T })
      expect(head.headers.get('x-static-large-object')).toBe('True')
      expect(head.headers.get('content-length')).toBe('30')
      expect(head.headers.get('etag')).toBe(`"${want}"`)
      const listing = (await (
        await h.fetch(`${A}/lo?format=json&prefix=slo`, { headers: T })
      ).json()) as {
        bytes: number
        slo_etag: string
        hash: string
      }[]
      expect(listing[0]!.bytes).toBe(30)
      expect(listing[0]!.slo_etag).toBe(`"${want}"`)
      expect(listing[0]!.hash).toBe(head.headers.get('x-manifest-etag'))
    })

    it('GETs the concatenation, single and multiple ranges across segments', async () => {
      expect(await (await h.fetch(`${A}/lo/slo`, { headers: T })).text()).toBe(
        seg('a') + seg('b') + seg('c'),
      )
      const r = await h.fetch(`${A}/lo/slo`, { headers: { ...T, Range: 'bytes=9-20' } })
      expect(r.status).toBe(206)
      expect(await r.text()).toBe('abbbbbbbbbbc')
      const multi = await h.fetch(`${A}/lo/slo`, { headers: { ...T, Range: 'bytes=0-0,29-29' } })
      expect(multi.status).toBe(206)
      expect(multi.headers.get('content-type')).toMatch(/^multipart\/byteranges/)
    })

    it('reports every bad segment in one 400 (Etag Mismatch, 404), and a client ETag mismatch as 422', async () => {
      const bad = JSON.stringify([
        { path: '/segs/p/a', etag: 'nope', size_bytes: 10 },
        { path: '/segs/p/missing' },
      ])
      const r = await h.fetch(`${A}/lo/bad?multipart-manifest=put`, body(bad, T))
      expect(r.status).toBe(400)
      expect(await r.text()).toBe(
        'Errors:\n/segs/p/a, Etag Mismatch\n/segs/p/missing, 404 Not Found\n',
      )
      const e = await h.fetch(
        `${A}/lo/bad?multipart-manifest=put`,
        body(manifest(['a']), { ...T, ETag: 'x' }),
      )
      expect(e.status).toBe(422)
      const notJson = await h.fetch(`${A}/lo/bad?multipart-manifest=put`, body('{', T))
      expect(await notJson.text()).toBe('Manifest must be valid JSON.\n')
    })

    it('nests manifests, ranges inside segments, inline data segments', async () => {
      const inner = md5(['a', 'b', 'c'].map((n) => md5(seg(n))).join(''))
      const m = JSON.stringify([
        { data: Buffer.from('<<').toString('base64') },
        { path: '/lo/slo', etag: inner, size_bytes: 30, range: '5-14' },
        { path: '/segs/p/e', range: '-3' },
      ])
      expect((await h.fetch(`${A}/lo/nested?multipart-manifest=put`, body(m, T))).status).toBe(201)
      expect(await (await h.fetch(`${A}/lo/nested`, { headers: T })).text()).toBe('<<aaaaabbbbbeee')
    })

    it('?multipart-manifest=get returns the stored manifest; format=raw the PUT form', async () => {
      const stored = (await (
        await h.fetch(`${A}/lo/slo?multipart-manifest=get`, { headers: T })
      ).json()) as {
        name: string
        hash: string
      }[]
      expect(stored[0]).toMatchObject({ name: '/segs/p/a', hash: md5(seg('a')) })
      const raw = (await (
        await h.fetch(`${A}/lo/slo?multipart-manifest=get&format=raw`, { headers: T })
      ).json()) as {
        path: string
      }[]
      expect(raw[0]).toEqual({ path: '/segs/p/a', etag: md5(seg('a')), size_bytes: 10 })
    })

    it('a changed segment makes a GET 409 before any byte; DELETE ?multipart-manifest=delete removes all', async () => {
      await h.fetch(`${A}/segs/q/x`, body('xxxxxxxxxx', T))
      await h.fetch(`${A}/segs/q/y`, body('yyyyyyyyyy', T))
      const m = JSON.stringify([{ path: '/segs/q/x' }, { path: '/segs/q/y' }])
      await h.fetch(`${A}/lo/gone?multipart-manifest=put`, body(m, T))
      await h.fetch(`${A}/segs/q/y`, body('changed!!!', T))
      expect((await h.fetch(`${A}/lo/gone`, { headers: T })).status).toBe(409)
      const del = await h.fetch(`${A}/lo/gone?multipart-manifest=delete`, {
        method: 'DELETE',
        headers: { ...T, Accept: 'application/json' },
      })
      expect(del.status).toBe(200)
      expect(await del.json()).toEqual({
        'Response Status': '200 OK',
        'Response Body': '',
        'Number Deleted': 3,
        'Number Not Found': 0,
        Errors: [],
      })
      expect((await h.fetch(`${A}/segs/q/x`, { method: 'HEAD', headers: T })).status).toBe(404)
    })

    it('refuses X-Static-Large-Object without multipart-manifest=put', async () => {
      const r = await h.fetch(`${A}/lo/fake`, body('[]', { ...T, 'X-Static-Large-Object': 'True' }))
      expect(r.status).toBe(400)
    })
  })

  describe('symlinks (X-Symlink-Target)', () => {
    it('follows a link, shows it with ?symlink=get, answers POST with 307, refuses a body', async () => {
      const put = await h.fetch(`${A}/lo/link`, body('', { ...T, 'X-Symlink-Target': 'segs/p/a' }))
      expect(put.status).toBe(201)
      const get = await h.fetch(`${A}/lo/link`, { headers: T })
      expect(await get.text()).toBe(seg('a'))
      expect(get.headers.get('content-location')).toBe('/v1/AUTH_admin/segs/p/a')
      const self = await h.fetch(`${A}/lo/link?symlink=get`, { headers: T })
      expect(self.headers.get('x-symlink-target')).toBe('segs/p/a')
      expect(self.headers.get('content-type')).toBe('application/symlink')
      const post = await h.fetch(`${A}/lo/link`, { method: 'POST', headers: T })
      expect(post.status).toBe(307)
      expect(post.headers.get('location')).toBe('/v1/AUTH_admin/segs/p/a')
      const withBody = await h.fetch(
        `${A}/lo/link2`,
        body('x', { ...T, 'X-Symlink-Target': 'segs/p/a' }),
      )
      expect(withBody.status).toBe(400)
      expect(await withBody.text()).toBe('Symlink requests require a zero byte body')
    })

    it('checks a static link against its target ETag (409), and stops at two levels of links', async () => {
      const bad = await h.fetch(
        `${A}/lo/static`,
        body('', { ...T, 'X-Symlink-Target': 'segs/p/a', 'X-Symlink-Target-Etag': 'x' }),
      )
      expect(bad.status).toBe(409)
      const ok = await h.fetch(
        `${A}/lo/static`,
        body('', { ...T, 'X-Symlink-Target': 'segs/p/a', 'X-Symlink-Target-Etag': md5(seg('a')) }),
      )
      expect(ok.status).toBe(201)
      await h.fetch(`${A}/lo/l1`, body('', { ...T, 'X-Symlink-Target': 'lo/link' }))
      await h.fetch(`${A}/lo/l2`, body('', { ...T, 'X-Symlink-Target': 'lo/l1' }))
      expect((await h.fetch(`${A}/lo/l1`, { headers: T })).status).toBe(200)
      const loop = await h.fetch(`${A}/lo/l2`, { headers: T })
      expect(loop.status).toBe(409)
      expect(await loop.text()).toBe('Too many levels of symbolic links, maximum allowed is 2')
    })
  })
})
