import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { makePrincipal } from '../src/auth/principal.ts'
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

describe('jobs in a workshop account run with the submitter rights', () => {
  let h: Harness
  const teacher = makePrincipal('course', 'teacher')
  const token = (u: string, k: string): string => h.deps.auth.login(u, k).token

  const api = async (t: string, method: string, path: string, body?: unknown): Promise<Response> =>
    h.app.request(path, {
      method,
      headers: { 'X-Auth-Token': t, ...(body ? { 'Content-Type': 'application/json' } : {}) },
      ...(body ? { body: JSON.stringify(body) } : {}),
    })

  const run = async (t: string, doc: unknown): Promise<Record<string, unknown>> => {
    const r = await api(t, 'POST', '/api/jobs', doc)
    expect(r.status).toBe(202)
    const { id } = (await r.json()) as { id: string }
    for (;;) {
      const v = (await (await api(t, 'GET', `/api/jobs/${id}`)).json()) as Record<string, unknown>
      if (['ok', 'failed', 'cancelled'].includes(v.status as string)) return v
      await new Promise((ok) => setTimeout(ok, 30))
    }
  }

  beforeAll(async () => {
    h = await openHarness({
      exec: { poolSize: 1 },
      users:
        'admin:admin:admin,bob:bob:bob,course:teacher:pw,course:ana:ka students,course:ben:kb students',
    })
    await h.put(teacher, 'course-data', { 'book.txt': 'read me' })
    h.deps.store.postContainer(teacher, 'AUTH_course', 'course-data', { readAcl: 'students' })
    for (const s of ['ana', 'ben'])
      h.deps.store.putContainer(teacher, 'AUTH_course', s, {
        readAcl: `course:${s}`,
        writeAcl: `course:${s}`,
      })
  })
  afterAll(() => h?.close())

  it("a student's job reads course data and writes only where the student may", async () => {
    const ana = token('course:ana', 'ka')
    const ok = await run(ana, job('swift://~/course-data/book.txt', 'swift://~/ana/out.txt'))
    expect(ok.status).toBe('ok')
    expect(await h.read(teacher, 'ana', 'out.txt')).toBe('READ ME\n')
    // ben's home is not ana's: the instance fails when it opens its output, before it runs
    const denied = await run(ana, job('swift://~/course-data/book.txt', 'swift://~/ben/out.txt'))
    expect(denied.status).toBe('failed')
    expect(JSON.stringify(denied.report)).toMatch(/"status":"error".*"message":"Forbidden"/)
  })

  it("the instructor sees every student's jobs; a student only its own", async () => {
    const ben = token('course:ben', 'kb')
    await run(ben, job('swift://~/course-data/book.txt', 'swift://~/ben/b.txt'))
    const list = async (t: string): Promise<string[]> =>
      ((await (await api(t, 'GET', '/api/jobs')).json()) as { jobs: { user: string }[] }).jobs.map(
        (j) => j.user,
      )
    expect(new Set(await list(token('course:teacher', 'pw')))).toEqual(new Set(['ana', 'ben']))
    expect(new Set(await list(ben))).toEqual(new Set(['ben']))
    const anaJob = (
      (await (await api(token('course:ana', 'ka'), 'GET', '/api/jobs')).json()) as {
        jobs: { id: string }[]
      }
    ).jobs[0]!.id
    expect((await api(ben, 'GET', `/api/jobs/${anaJob}`)).status).toBe(404)
  })

  it('a job quota of 0 (X-Account-Meta-Quota-Jobs, set by a reseller admin) refuses jobs with 429', async () => {
    h.deps.db
      .prepare(
        "UPDATE accounts SET meta = json_set(meta, '$.x-account-meta-quota-jobs', '0') WHERE name = 'AUTH_course'",
      )
      .run()
    const r = await api(
      token('course:ana', 'ka'),
      'POST',
      '/api/jobs',
      job('swift://~/course-data/book.txt', 'swift://~/ana/q.txt'),
    )
    expect(r.status).toBe(429)
  })
})
