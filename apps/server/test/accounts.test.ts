import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { body, openHarness, type Harness } from './harness.ts'

const json = (o: unknown): string => JSON.stringify(o)

describe('accounts for workshops: users, groups, account ACLs, quotas (tempauth semantics)', () => {
  let h: Harness
  let admin: Record<string, string>
  const A = '/v1/AUTH_admin'
  const hj = (t: Record<string, string>): Record<string, string> => ({
    ...t,
    'Content-Type': 'application/json',
  })
  const as = async (user: string, key: string): Promise<Record<string, string>> => ({
    'X-Auth-Token': await h.token(user, key),
  })

  beforeAll(async () => {
    h = await openHarness()
    admin = await as('admin:admin', 'admin')
  })
  afterAll(() => h.close())

  it('an admin creates users; a plain member owns nothing in the account (tempauth without .admin)', async () => {
    const r = await h.fetch('/api/account/users/ana', {
      method: 'PUT',
      headers: hj(admin),
      body: json({}),
    })
    expect(r.status).toBe(201)
    const ana = (await r.json()) as { user: string; authUser: string; admin: boolean; key: string }
    expect(ana).toMatchObject({ user: 'ana', authUser: 'admin:ana', admin: false })
    expect(ana.key).toMatch(/^[\w-]{16}$/)
    const t = await as('admin:ana', ana.key)
    expect((await h.fetch(A, { headers: t })).status).toBe(403)
    expect((await h.fetch(`${A}/mine`, { method: 'PUT', headers: t })).status).toBe(403)
    // the admin's own view and the users list
    const me = (await (await h.fetch('/api/account', { headers: t })).json()) as {
      admin: boolean
      account: string
    }
    expect(me).toMatchObject({ admin: false, account: 'AUTH_admin' })
    expect((await h.fetch('/api/account/users', { headers: t })).status).toBe(403)
    const list = (await (await h.fetch('/api/account/users', { headers: admin })).json()) as {
      users: { user: string; admin: boolean }[]
    }
    expect(list.users).toEqual(
      expect.arrayContaining([expect.objectContaining({ user: 'ana', admin: false })]),
    )
    // a configured user (ZEROLAB_USERS) is not changed through the API
    const conflict = await h.fetch('/api/account/users/admin', {
      method: 'PUT',
      headers: hj(admin),
      body: json({ key: 'x' }),
    })
    expect(conflict.status).toBe(409)
  })

  it('container ACLs grant a member exactly what they say: read, listing, write', async () => {
    await h.fetch('/api/account/users/bo', {
      method: 'PUT',
      headers: hj(admin),
      body: json({ key: 'bo-key' }),
    })
    const bo = await as('admin:bo', 'bo-key')
    await h.fetch(`${A}/shared`, {
      method: 'PUT',
      headers: { ...admin, 'X-Container-Read': 'admin:bo' },
    })
    await h.fetch(`${A}/shared/f`, body('data', admin))
    expect(await (await h.fetch(`${A}/shared/f`, { headers: bo })).text()).toBe('data')
    expect((await h.fetch(`${A}/shared`, { headers: bo })).status).toBe(200)
    expect((await h.fetch(`${A}/shared/g`, body('x', bo))).status).toBe(403)
    // ACLs are for owners' eyes only
    expect(
      (await h.fetch(`${A}/shared`, { method: 'HEAD', headers: bo })).headers.get(
        'x-container-read',
      ),
    ).toBeNull()
    await h.fetch(`${A}/shared`, {
      method: 'POST',
      headers: { ...admin, 'X-Container-Write': 'admin:bo' },
    })
    expect((await h.fetch(`${A}/shared/g`, body('x', bo))).status).toBe(201)
  })

  it('account ACLs: read-only reads everything, read-write writes below the account, admin owns it', async () => {
    await h.fetch(`${A}/acl-data`, { method: 'PUT', headers: admin })
    await h.fetch(`${A}/acl-data/o`, body('o', admin))
    const tester = await as('test:tester', 'testing')
    const set = (acl: unknown): Promise<Response> =>
      h.fetch(A, { method: 'POST', headers: { ...admin, 'X-Account-Access-Control': json(acl) } })
    expect((await set({ 'read-only': ['test'] })).status).toBe(204)
    expect((await h.fetch(`${A}/acl-data/o`, { headers: tester })).status).toBe(200)
    expect((await h.fetch(A, { headers: tester })).status).toBe(200)
    expect((await h.fetch(`${A}/acl-data/p`, body('p', tester))).status).toBe(403)
    await set({ 'read-write': ['test:tester'] })
    expect((await h.fetch(`${A}/acl-data/p`, body('p', tester))).status).toBe(201)
    expect(
      (await h.fetch(A, { method: 'POST', headers: { ...tester, 'X-Account-Meta-X': '1' } }))
        .status,
    ).toBe(403)
    await set({ admin: ['test:tester'] })
    expect(
      (await h.fetch(A, { method: 'POST', headers: { ...tester, 'X-Account-Meta-X': '1' } }))
        .status,
    ).toBe(204)
    // owners see the ACL (Swift's stored form); garbage is refused as tempauth does
    const head = await h.fetch(A, { method: 'HEAD', headers: admin })
    expect(head.headers.get('x-account-access-control')).toBe('{"admin":["test:tester"]}')
    const bad = await h.fetch(A, {
      method: 'POST',
      headers: { ...admin, 'X-Account-Access-Control': '{"root":[]}' },
    })
    expect(bad.status).toBe(400)
    expect(await bad.text()).toBe(
      'X-Account-Access-Control invalid: Key "root" not recognized\n\nInput: {"root":[]}\n',
    )
    await set({})
    expect(
      (await h.fetch(A, { method: 'HEAD', headers: admin })).headers.get(
        'x-account-access-control',
      ),
    ).toBeNull()
  })

  it('quotas: only a reseller admin sets account quotas; writes over bytes/objects are 413', async () => {
    const q = await h.fetch('/v1/AUTH_test', {
      method: 'POST',
      headers: { ...(await as('test:tester', 'testing')), 'X-Account-Meta-Quota-Bytes': '10' },
    })
    expect(q.status).toBe(403)
    h.deps.auth.setUsers([
      { account: 'admin', user: 'admin', key: 'admin', groups: ['.admin', '.reseller_admin'] },
      { account: 'test', user: 'tester', key: 'testing', groups: ['.admin'] },
    ])
    const root = await as('admin:admin', 'admin')
    expect(
      (
        await h.fetch('/v1/AUTH_test', {
          method: 'POST',
          headers: { ...root, 'X-Account-Meta-Quota-Bytes': '10' },
        })
      ).status,
    ).toBe(204)
    const tester = await as('test:tester', 'testing')
    await h.fetch('/v1/AUTH_test/q', { method: 'PUT', headers: tester })
    expect((await h.fetch('/v1/AUTH_test/q/a', body('12345678', tester))).status).toBe(201)
    const over = await h.fetch('/v1/AUTH_test/q/b', body('12345', tester))
    expect(over.status).toBe(413)
    expect(await over.text()).toBe('Upload exceeds quota.')
    // container quotas are the owner's
    await h.fetch('/v1/AUTH_test/cq', {
      method: 'PUT',
      headers: { ...tester, 'X-Container-Meta-Quota-Count': '1' },
    })
    await h.fetch('/v1/AUTH_test', {
      method: 'POST',
      headers: { ...root, 'X-Remove-Account-Meta-Quota-Bytes': 'x' },
    })
    expect((await h.fetch('/v1/AUTH_test/cq/1', body('1', tester))).status).toBe(201)
    expect((await h.fetch('/v1/AUTH_test/cq/2', body('2', tester))).status).toBe(413)
    const junk = await h.fetch('/v1/AUTH_test/cq', {
      method: 'POST',
      headers: { ...tester, 'X-Container-Meta-Quota-Bytes': 'lots' },
    })
    expect(junk.status).toBe(400)
  })

  it('POST /api/account/students: students in a group, read on course data, a private home each', async () => {
    h.deps.auth.setUsers([{ account: 'course', user: 'teacher', key: 'pw', groups: ['.admin'] }])
    const teacher = await as('course:teacher', 'pw')
    await h.fetch('/v1/AUTH_course/course-data', { method: 'PUT', headers: teacher })
    await h.fetch('/v1/AUTH_course/course-data/book.txt', body('read me', teacher))
    const missing = await h.fetch('/api/account/students', {
      method: 'POST',
      headers: hj(teacher),
      body: json({ count: 2, read: ['nope'] }),
    })
    expect(missing.status).toBe(404)
    const r = await h.fetch('/api/account/students', {
      method: 'POST',
      headers: hj(teacher),
      body: json({ count: 2, read: ['course-data'] }),
    })
    expect(r.status).toBe(201)
    const out = (await r.json()) as {
      authUrl: string
      students: { user: string; authUser: string; key: string; home: string }[]
    }
    expect(out.authUrl).toMatch(/\/auth\/v1\.0$/)
    expect(out.students.map((s) => s.authUser)).toEqual(['course:student-01', 'course:student-02'])
    const [s1, s2] = out.students
    const t1 = await as(s1!.authUser, s1!.key)
    const t2 = await as(s2!.authUser, s2!.key)
    expect(
      await (await h.fetch('/v1/AUTH_course/course-data/book.txt', { headers: t1 })).text(),
    ).toBe('read me')
    expect((await h.fetch('/v1/AUTH_course/course-data/mine', body('x', t1))).status).toBe(403)
    expect((await h.fetch('/v1/AUTH_course/student-01/work', body('x', t1))).status).toBe(201)
    expect((await h.fetch('/v1/AUTH_course/student-01/work', { headers: t2 })).status).toBe(403)
    expect((await h.fetch('/v1/AUTH_course/student-01/work', { headers: teacher })).status).toBe(
      200,
    )
    // again: idempotent, no new keys
    const again = (await (
      await h.fetch('/api/account/students', {
        method: 'POST',
        headers: hj(teacher),
        body: json({ count: 2 }),
      })
    ).json()) as {
      students: { key?: string }[]
    }
    expect(again.students.every((s) => s.key === undefined)).toBe(true)
    // deleting a student ends its tokens
    expect(
      (await h.fetch('/api/account/users/student-02', { method: 'DELETE', headers: teacher }))
        .status,
    ).toBe(204)
    expect((await h.fetch('/v1/AUTH_course/course-data/book.txt', { headers: t2 })).status).toBe(
      401,
    )
  })
})
