import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { body, openHarness, type Harness } from './harness.ts'

type Who = 'owner' | 'tester' | 'other' | 'anon'
type Op = 'get' | 'head' | 'list' | 'put' | 'post' | 'delete' | 'containerPost' | 'account'

/** Expected status per container ACL setting, caller and operation. */
const MATRIX: {
  name: string
  read: string
  write: string
  expect: Partial<Record<Who, Partial<Record<Op, number>>>>
}[] = [
  {
    name: 'private',
    read: '',
    write: '',
    expect: {
      owner: {
        get: 200,
        head: 200,
        list: 200,
        put: 201,
        post: 202,
        delete: 204,
        containerPost: 204,
        account: 200,
      },
      tester: {
        get: 403,
        head: 403,
        list: 403,
        put: 403,
        post: 403,
        delete: 403,
        containerPost: 403,
        account: 403,
      },
      other: { get: 403, list: 403, put: 403 },
      anon: {
        get: 401,
        head: 401,
        list: 401,
        put: 401,
        post: 401,
        delete: 401,
        containerPost: 401,
        account: 401,
      },
    },
  },
  {
    name: 'read-user',
    read: 'test:tester',
    write: '',
    expect: {
      owner: { get: 200, list: 200, put: 201 },
      tester: {
        get: 200,
        head: 200,
        list: 200,
        put: 403,
        post: 403,
        delete: 403,
        containerPost: 403,
      },
      other: { get: 403, list: 403 },
      anon: { get: 401, list: 401 },
    },
  },
  {
    name: 'read-account',
    read: 'test',
    write: '',
    expect: {
      tester: { get: 200, list: 200, put: 403 },
      other: { get: 403 },
      anon: { get: 401 },
    },
  },
  {
    name: 'write-account',
    read: '',
    write: 'test',
    expect: {
      tester: { get: 403, list: 403, put: 201, post: 202, delete: 204, containerPost: 403 },
      other: { put: 403, delete: 403 },
      anon: { put: 401 },
    },
  },
  {
    name: 'public',
    read: '.r:*',
    write: '',
    expect: {
      tester: { get: 200, head: 200, list: 403, put: 403 },
      other: { get: 200 },
      anon: { get: 200, head: 200, list: 401, put: 401, post: 401, delete: 401 },
    },
  },
  {
    name: 'public-listing',
    read: '.r:*,.rlistings',
    write: '',
    expect: {
      anon: { get: 200, list: 200, put: 401 },
      other: { list: 200, put: 403 },
    },
  },
]

describe('container ACL matrix (owner, other account, anonymous, .r:*)', () => {
  let h: Harness
  const tokens: Record<Who, Record<string, string>> = { owner: {}, tester: {}, other: {}, anon: {} }

  beforeAll(async () => {
    h = await openHarness()
    tokens.owner = { 'X-Auth-Token': await h.token('admin:admin', 'admin') }
    tokens.tester = { 'X-Auth-Token': await h.token('test:tester', 'testing') }
    tokens.other = { 'X-Auth-Token': await h.token('other:user', 'secret') }
  })
  afterAll(() => h.close())

  for (const row of MATRIX) {
    it(`${row.name}: read=${JSON.stringify(row.read)} write=${JSON.stringify(row.write)}`, async () => {
      const C = `/v1/AUTH_admin/${row.name}`
      const own = tokens.owner
      const acl: Record<string, string> = {}
      if (row.read) acl['X-Container-Read'] = row.read
      if (row.write) acl['X-Container-Write'] = row.write
      expect((await h.fetch(C, { method: 'PUT', headers: { ...own, ...acl } })).status).toBe(201)
      const ops: Record<Op, (t: Record<string, string>) => Promise<Response>> = {
        get: (t) => h.fetch(`${C}/obj`, { headers: t }),
        head: (t) => h.fetch(`${C}/obj`, { method: 'HEAD', headers: t }),
        list: (t) => h.fetch(C, { headers: t }),
        put: (t) => h.fetch(`${C}/new`, body('n', t)),
        post: (t) =>
          h.fetch(`${C}/obj`, { method: 'POST', headers: { ...t, 'X-Object-Meta-K': 'v' } }),
        delete: (t) => h.fetch(`${C}/victim`, { method: 'DELETE', headers: t }),
        containerPost: (t) =>
          h.fetch(C, { method: 'POST', headers: { ...t, 'X-Container-Meta-K': 'v' } }),
        account: (t) => h.fetch('/v1/AUTH_admin', { headers: t }),
      }
      for (const [who, want] of Object.entries(row.expect) as [
        Who,
        Partial<Record<Op, number>>,
      ][]) {
        for (const [op, status] of Object.entries(want) as [Op, number][]) {
          // fresh fixtures so each op sees the same state
          await h.fetch(`${C}/obj`, body('payload', own))
          await h.fetch(`${C}/victim`, body('v', own))
          const r = await ops[op](tokens[who])
          expect(r.status, `${row.name} ${who} ${op}`).toBe(status)
          if (status === 401) expect(r.headers.get('x-error-code')).toBe('UNAUTHORIZED')
          if (status === 403) expect(r.headers.get('x-error-code')).toBe('FORBIDDEN')
        }
      }
    })
  }

  it('hides ACLs from non-owners and refuses referrers in write ACLs', async () => {
    const own = tokens.owner
    await h.fetch('/v1/AUTH_admin/shown', {
      method: 'PUT',
      headers: { ...own, 'X-Container-Read': 'test' },
    })
    const o = await h.fetch('/v1/AUTH_admin/shown', { method: 'HEAD', headers: own })
    expect(o.headers.get('x-container-read')).toBe('test')
    const t = await h.fetch('/v1/AUTH_admin/shown', { method: 'HEAD', headers: tokens.tester })
    expect(t.status).toBe(204)
    expect(t.headers.get('x-container-read')).toBeNull()
    const bad = await h.fetch('/v1/AUTH_admin/shown', {
      method: 'POST',
      headers: { ...own, 'X-Container-Write': '.r:*' },
    })
    expect(bad.status).toBe(400)
    expect(bad.headers.get('x-error-code')).toBe('INVALID_HEADER')
  })

  it('does not reveal whether a container exists to non-owners', async () => {
    const r = await h.fetch('/v1/AUTH_admin/no-such', { headers: tokens.tester })
    expect(r.status).toBe(403)
    const a = await h.fetch('/v1/AUTH_admin/no-such/x', {})
    expect(a.status).toBe(401)
  })

  it('lets a write-ACL user copy from a readable container into a writable one', async () => {
    const own = tokens.owner
    await h.fetch('/v1/AUTH_admin/src', {
      method: 'PUT',
      headers: { ...own, 'X-Container-Read': 'test' },
    })
    await h.fetch('/v1/AUTH_admin/dst', {
      method: 'PUT',
      headers: { ...own, 'X-Container-Write': 'test' },
    })
    await h.fetch('/v1/AUTH_admin/src/o', body('shared', own))
    const ok = await h.fetch('/v1/AUTH_admin/src/o', {
      method: 'COPY',
      headers: { ...tokens.tester, Destination: 'dst/o' },
    })
    expect(ok.status).toBe(201)
    const no = await h.fetch('/v1/AUTH_admin/src/o', {
      method: 'COPY',
      headers: { ...tokens.other, Destination: 'dst/o2' },
    })
    expect(no.status).toBe(403)
    // cross-account: tester copies into their own account
    const x = await h.fetch('/v1/AUTH_test/mine', { method: 'PUT', headers: tokens.tester })
    expect(x.status).toBe(201)
    const cross = await h.fetch('/v1/AUTH_test/mine/copy', {
      ...body('', {
        ...tokens.tester,
        'X-Copy-From': 'src/o',
        'X-Copy-From-Account': 'AUTH_admin',
      }),
    })
    expect(cross.status).toBe(201)
    expect(
      await (await h.fetch('/v1/AUTH_test/mine/copy', { headers: tokens.tester })).text(),
    ).toBe('shared')
  })
})
