import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { makePrincipal } from '../src/auth/principal.ts'
import { MAX_WORKSHOP_STUDENTS } from '../src/workshops/workshopService.ts'
import { openHarness, type Harness } from './harness.ts'

/** Copies `stdin` to `stdout` in upper case. */
const job = (input: string, output: string): unknown => [
  {
    name: 'up',
    exec: { source: "console.log(zerolab.read('stdin').toUpperCase())" },
    devices: [
      { name: 'stdin', path: input },
      { name: 'stdout', path: output },
    ],
  },
]

describe('workshops: an instructor link students join, and their runs', () => {
  let h: Harness
  const teacher = makePrincipal('course', 'teacher')
  const token = (u: string, k: string): string => h.deps.auth.login(u, k).token

  const api = async (
    t: string | null,
    method: string,
    path: string,
    body?: unknown,
  ): Promise<{ status: number; body: Record<string, unknown> }> => {
    const headers: Record<string, string> = {}
    if (t) headers['X-Auth-Token'] = t
    if (body !== undefined) headers['Content-Type'] = 'application/json'
    const r = await h.app.request(path, {
      method,
      headers,
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    })
    return { status: r.status, body: (await r.json()) as Record<string, unknown> }
  }

  const run = async (t: string, doc: unknown): Promise<Record<string, unknown>> => {
    const r = await api(t, 'POST', '/api/jobs', doc)
    expect(r.status).toBe(202)
    const id = r.body.id as string
    for (;;) {
      const v = (await api(t, 'GET', `/api/jobs/${id}`)).body
      if (['ok', 'failed', 'cancelled'].includes(v.status as string)) return v
      await new Promise((ok) => setTimeout(ok, 30))
    }
  }

  beforeAll(async () => {
    h = await openHarness({
      exec: { poolSize: 1 },
      users: 'admin:admin:admin,bob:bob:bob,course:teacher:pw,course:helper:hk .member',
    })
    await h.put(teacher, 'course-data', { 'book.txt': 'read me' })
    await h.put(teacher, 'results', {})
    await h.put(teacher, 'private', { 'notes.txt': 'answers' })
  })
  afterAll(() => h?.close())

  it('a student joins by link, reads the data, writes results, and the instructor sees the run', async () => {
    const t = token('course:teacher', 'pw')
    const made = await api(t, 'POST', '/api/workshops', {
      lesson: 'objects',
      title: 'Tuesday lab',
      read: ['course-data'],
      write: ['results'],
    })
    expect(made.status).toBe(201)
    const id = made.body.id as string
    expect(made.body.url).toMatch(new RegExp(`/\\?workshop=${id}$`))

    // Anyone with the link sees what it is, without a token.
    const invite = await api(null, 'GET', `/api/workshops/${id}`)
    expect(invite.body).toMatchObject({ title: 'Tuesday lab', lesson: 'objects', open: true })

    const joined = await api(null, 'POST', `/api/workshops/${id}/join`, { name: 'Ana' })
    expect(joined.status).toBe(201)
    expect(joined.body).toMatchObject({
      authUser: 'course:ana',
      user: 'ana',
      home: 'ana',
      lesson: 'objects',
    })
    const ana = token('course:ana', joined.body.key as string)

    const ok = await run(ana, job('swift://~/course-data/book.txt', 'swift://~/results/ana.txt'))
    expect(ok.status).toBe('ok')
    expect(await h.read(teacher, 'results', 'ana.txt')).toBe('READ ME\n')
    const home = await run(ana, job('swift://~/course-data/book.txt', 'swift://~/ana/mine.txt'))
    expect(home.status).toBe('ok')
    // What the workshop did not grant stays closed.
    const denied = await run(ana, job('swift://~/private/notes.txt', 'swift://~/ana/x.txt'))
    expect(denied.status).toBe('failed')

    const seen = await api(t, 'GET', `/api/workshops/${id}/students`)
    expect(seen.status).toBe(200)
    const students = seen.body.students as { user: string; runs: { status: string }[] }[]
    expect(students.map((s) => s.user)).toEqual(['ana'])
    expect(students[0]!.runs.map((r) => r.status)).toEqual(['failed', 'ok', 'ok'])

    // A student sees neither the instructor's workshops nor another's view.
    expect((await api(ana, 'GET', '/api/workshops')).status).toBe(403)
    expect((await api(ana, 'GET', `/api/workshops/${id}/students`)).status).toBe(403)
  })

  it('refuses a taken name, a name that is a container, bad input, and joins after close', async () => {
    const t = token('course:teacher', 'pw')
    const id = (await api(t, 'POST', '/api/workshops', { lesson: 'pipes' })).body.id as string
    expect((await api(null, 'POST', `/api/workshops/${id}/join`, { name: 'teacher' })).status).toBe(
      409,
    )
    const container = await api(null, 'POST', `/api/workshops/${id}/join`, { name: 'private' })
    expect(container.status).toBe(409)
    expect(container.body.error).toMatchObject({ code: 'CONFLICT', path: 'name' })
    // `private` keeps its ACL: joining did not hand it out.
    expect(h.deps.store.headContainer(teacher, 'AUTH_course', 'private').readAcl).toBe('')
    const bad = await api(null, 'POST', `/api/workshops/${id}/join`, { name: '../x' })
    expect(bad.status).toBe(400)
    expect(bad.body.error).toMatchObject({ code: 'INVALID_REQUEST', path: 'name' })
    expect((await api(t, 'POST', '/api/workshops', { lesson: 'No Such!' })).status).toBe(400)
    expect((await api(t, 'POST', '/api/workshops', { lesson: 'x', read: ['nope'] })).status).toBe(
      404,
    )
    expect((await api(null, 'GET', '/api/workshops/unknown12345')).status).toBe(404)

    expect((await api(t, 'POST', `/api/workshops/${id}/close`)).body.closedAt).toBeTypeOf('string')
    const late = await api(null, 'POST', `/api/workshops/${id}/join`, { name: 'latecomer' })
    expect(late.status).toBe(409)
    expect(h.deps.auth.getUser('course', 'latecomer')).toBeUndefined()
  })

  it('only an admin makes workshops; a full workshop takes no one more', async () => {
    const member = token('course:helper', 'hk')
    expect((await api(member, 'POST', '/api/workshops', { lesson: 'pipes' })).status).toBe(403)
    const t = token('course:teacher', 'pw')
    const id = (await api(t, 'POST', '/api/workshops', { lesson: 'pipes' })).body.id as string
    for (let i = 0; i < MAX_WORKSHOP_STUDENTS; i++)
      expect((await api(null, 'POST', `/api/workshops/${id}/join`, { name: `s${i}` })).status).toBe(
        201,
      )
    const full = await api(null, 'POST', `/api/workshops/${id}/join`, { name: 'one-more' })
    expect(full.status).toBe(413)
    expect(full.body.error).toMatchObject({ code: 'QUOTA_EXCEEDED' })
  })
})
