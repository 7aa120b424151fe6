import { rmSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { compileFixture } from '../../test/compileFixture.ts'
import { openHarness, type Harness } from '../../test/harness.ts'

let h: Harness

const hello = [
  { name: 'hello', exec: { path: 'swift://~/bin/hello.wasm' }, devices: [{ name: 'stdout' }] },
]
const spin = [
  { name: 'spin', exec: { path: 'swift://~/bin/spin.wasm' }, limits: { timeoutMs: 60_000 } },
]

beforeAll(async () => {
  h = await openHarness({ exec: { poolSize: 2 } })
  await h.put(h.admin.who, 'bin', {
    'hello.wasm': compileFixture('hello'),
    'spin.wasm': compileFixture('spin'),
  })
})
afterAll(() => h?.close())

function api(method: string, path: string, o: { body?: unknown; token?: string | null } = {}) {
  const headers: Record<string, string> = {}
  const token = o.token === undefined ? h.admin.token : o.token
  if (token) headers['X-Auth-Token'] = token
  if (o.body !== undefined) headers['Content-Type'] = 'application/json'
  const init: RequestInit = { method, headers }
  if (o.body !== undefined) init.body = typeof o.body === 'string' ? o.body : JSON.stringify(o.body)
  return h.app.request(path, init)
}

async function waitFinal(id: string): Promise<Record<string, unknown>> {
  for (;;) {
    const r = (await (await api('GET', `/api/jobs/${id}`)).json()) as Record<string, unknown>
    if (['ok', 'failed', 'cancelled'].includes(r.status as string)) return r
    await new Promise((ok) => setTimeout(ok, 20))
  }
}

/** Reads a whole SSE response into (event, data) pairs. */
async function readSse(res: Response): Promise<{ event: string; data: Record<string, unknown> }[]> {
  const text = await res.text()
  return text
    .split('\n\n')
    .filter((b) => b.includes('data: '))
    .map((b) => {
      const event = /^event: (.*)$/m.exec(b)![1]!
      const data = JSON.parse(/^data: (.*)$/m.exec(b)![1]!) as Record<string, unknown>
      return { event, data }
    })
}

describe('JSON API: jobs', () => {
  it('submits a job asynchronously and reports it', async () => {
    const res = await api('POST', '/api/jobs', { body: hello })
    expect(res.status).toBe(202)
    const { id, status } = (await res.json()) as { id: string; status: string }
    expect(id).toMatch(/^j[\w-]+$/)
    expect(['queued', 'running', 'ok']).toContain(status)
    const done = await waitFinal(id)
    expect(done.status).toBe('ok')
    const report = done.report as { instances: { name: string; stdout: string; status: string }[] }
    expect(report.instances[0]).toMatchObject({
      name: 'hello',
      status: 'ok',
      stdout: 'hello from hello\n',
    })
    expect(done.job).toEqual(hello)
  })

  it('streams progress over SSE to completion, also to a late subscriber', async () => {
    const { id } = (await (await api('POST', '/api/jobs', { body: hello })).json()) as {
      id: string
    }
    const live = await readSse(await api('GET', `/api/jobs/${id}/events`))
    const types = live.map((e) => e.event)
    expect(types).toContain('instance-queued')
    expect(types).toContain('instance-started')
    expect(types).toContain('instance-finished')
    expect(types[types.length - 1]).toBe('done')
    expect(live[live.length - 1]!.data.status).toBe('ok')
    const finished = live.find((e) => e.event === 'instance-finished')!.data
    expect(finished.bytesOut).toBe('hello from hello\n'.length)
    const late = await readSse(await api('GET', `/api/jobs/${id}/events`))
    expect(late.map((e) => e.event)).toEqual(types)
  })

  it('rejects malformed jobs with 400 naming the path, and needs a token', async () => {
    const res = await api('POST', '/api/jobs', {
      body: { version: 1, groups: [{ name: 'a', exec: { path: 'x.wasm' }, connect: ['nope'] }] },
    })
    expect(res.status).toBe(400)
    const { error } = (await res.json()) as {
      error: { code: string; path: string; message: string }
    }
    expect(error).toMatchObject({ code: 'INVALID_JOB', path: 'groups[0].connect[0]' })
    expect((await api('POST', '/api/jobs', { body: hello, token: null })).status).toBe(401)
    expect((await api('POST', '/api/jobs', { body: hello, token: 'AUTH_tkbogus' })).status).toBe(
      401,
    )
    expect((await api('POST', '/api/jobs', { body: 'x'.repeat(5 * 1024 * 1024) })).status).toBe(413)
  })

  it('cancels a running job: instances stopped, status cancelled', async () => {
    const { id } = (await (await api('POST', '/api/jobs', { body: spin })).json()) as { id: string }
    const events = Promise.resolve(api('GET', `/api/jobs/${id}/events`)).then(readSse)
    for (;;) {
      const r = (await (await api('GET', `/api/jobs/${id}`)).json()) as { status: string }
      if (r.status === 'running') break
      await new Promise((ok) => setTimeout(ok, 20))
    }
    const del = await api('DELETE', `/api/jobs/${id}`)
    expect(del.status).toBe(200)
    const done = await waitFinal(id)
    expect(done.status).toBe('cancelled')
    const ev = await events
    expect(ev[ev.length - 1]).toMatchObject({ event: 'done', data: { status: 'cancelled' } })
    expect((await api('DELETE', `/api/jobs/${id}`)).status).toBe(409)
    // The pool is usable again afterwards.
    const again = (await (await api('POST', '/api/jobs', { body: hello })).json()) as { id: string }
    expect((await waitFinal(again.id)).status).toBe('ok')
  })

  it('cancels a ZeroCloud execution whose client hangs up', async () => {
    const ctl = new AbortController()
    const req = h.app.request('/v1/AUTH_admin', {
      method: 'POST',
      headers: { 'X-Auth-Token': h.admin.token, 'X-Zerovm-Execute': '1.0' },
      body: JSON.stringify(spin),
      signal: ctl.signal,
    })
    let id: string | undefined
    while (!id) {
      const page = (await (await api('GET', '/api/jobs?status=running')).json()) as {
        jobs: { id: string }[]
      }
      id = page.jobs[0]?.id
      if (!id) await new Promise((ok) => setTimeout(ok, 20))
    }
    ctl.abort()
    await Promise.resolve(req).catch(() => {})
    expect((await waitFinal(id)).status).toBe('cancelled')
  })

  it('lists history per account, newest first, paginated', async () => {
    const ids: string[] = []
    for (let i = 0; i < 3; i++) {
      const { id } = (await (await api('POST', '/api/jobs', { body: hello })).json()) as {
        id: string
      }
      ids.push(id)
      await waitFinal(id)
    }
    const p1 = (await (await api('GET', '/api/jobs?limit=2')).json()) as {
      jobs: { id: string }[]
      next: string
    }
    expect(p1.jobs.map((j) => j.id)).toEqual([ids[2], ids[1]])
    const p2 = (await (await api('GET', `/api/jobs?limit=2&before=${p1.next}`)).json()) as {
      jobs: { id: string }[]
    }
    expect(p2.jobs[0]!.id).toBe(ids[0])
    const bobs = (await (await api('GET', '/api/jobs', { token: h.bob.token })).json()) as {
      jobs: unknown[]
    }
    expect(bobs.jobs).toEqual([])
    expect((await api('GET', `/api/jobs/${ids[0]}`, { token: h.bob.token })).status).toBe(404)
    expect((await api('GET', '/api/jobs?limit=0')).status).toBe(400)
  })
})

describe('JSON API: shares, health, metrics', () => {
  it('stores immutable content-addressed shares, for signed-in callers only', async () => {
    const anon = await api('POST', '/api/shares', {
      body: { version: 1, groups: hello },
      token: null,
    })
    expect(anon.status).toBe(401)
    const a = await api('POST', '/api/shares', { body: { version: 1, groups: hello } })
    expect(a.status).toBe(201)
    const { id } = (await a.json()) as { id: string }
    const b = await api('POST', '/api/shares', {
      body: { groups: hello, version: 1 },
      token: h.bob.token,
    })
    expect(b.status).toBe(200)
    expect(((await b.json()) as { id: string }).id).toBe(id)
    const got = await api('GET', `/api/shares/${id}`, { token: null })
    expect(got.status).toBe(200)
    expect(got.headers.get('Cache-Control')).toContain('immutable')
    expect(await got.json()).toEqual({ version: 1, groups: hello })
    expect((await api('GET', '/api/shares/AAAAAAAAAAAA')).status).toBe(404)
    expect((await api('POST', '/api/shares', { body: { s: 'x'.repeat(600 * 1024) } })).status).toBe(
      413,
    )
    expect((await api('POST', '/api/shares', { body: '"just a string"' })).status).toBe(400)
  })

  it('counts shares against the account quota; a known share costs nothing', async () => {
    const q = await openHarness({ exec: { shareQuota: { maxShares: 2, maxBytes: 1024 * 1024 } } })
    try {
      const post = (body: unknown): Promise<Response> =>
        Promise.resolve(
          q.app.request('/api/shares', {
            method: 'POST',
            headers: { 'X-Auth-Token': q.bob.token, 'Content-Type': 'application/json' },
            body: JSON.stringify(body),
          }),
        )
      expect((await post({ n: 1 })).status).toBe(201)
      expect((await post({ n: 2 })).status).toBe(201)
      expect((await post({ n: 1 })).status).toBe(200)
      const over = await post({ n: 3 })
      expect(over.status).toBe(413)
      const { error } = (await over.json()) as { error: Record<string, unknown> }
      expect(error).toMatchObject({ code: 'QUOTA_EXCEEDED', limit: { cap: 2, asked: 3 } })
      const big = await openHarness({ exec: { shareQuota: { maxShares: 10, maxBytes: 100 } } })
      try {
        const r = await big.app.request('/api/shares', {
          method: 'POST',
          headers: { 'X-Auth-Token': big.admin.token, 'Content-Type': 'application/json' },
          body: JSON.stringify({ s: 'x'.repeat(200) }),
        })
        expect(r.status).toBe(413)
        expect(r.headers.get('x-error-code')).toBe('QUOTA_EXCEEDED')
      } finally {
        await big.close()
      }
    } finally {
      await q.close()
    }
  })

  it('reports health and Prometheus metrics', async () => {
    const health = (await (await api('GET', '/api/health', { token: null })).json()) as {
      status: string
    }
    expect(health.status).toBe('ok')
    const m = await (await api('GET', '/metrics', { token: null })).text()
    expect(m).toMatch(
      /zerolab_http_requests_total\{method="POST",route="\/api\/jobs",status="202"\} \d+/,
    )
    expect(m).toMatch(/zerolab_jobs\{status="ok"\} \d+/)
    expect(m).toMatch(/zerolab_instances_total\{status="ok"\} \d+/)
    expect(m).toMatch(/zerolab_queue_depth \d+/)
    expect(m).toMatch(/zerolab_instance_bytes_total\{direction="write",kind="local"\} \d+/)
  })
})

describe('bounded queue', () => {
  it('answers 429 / 503 with Retry-After when full, never hangs', async () => {
    const q = await openHarness({
      exec: {
        poolSize: 1,
        queue: { maxRunning: 1, maxRunningPerAccount: 1, maxQueued: 1, maxQueuedPerAccount: 1 },
      },
    })
    try {
      await q.put(q.admin.who, 'bin', { 'spin.wasm': compileFixture('spin') })
      const post = (token: string) =>
        q.app.request('/api/jobs', {
          method: 'POST',
          headers: { 'X-Auth-Token': token, 'Content-Type': 'application/json' },
          body: JSON.stringify([
            { name: 'spin', exec: { path: 'swift://AUTH_admin/bin/spin.wasm' } },
          ]),
        })
      type View = { id: string; status: string; createdAt: string; startedAt?: string }
      const running = (await (await post(q.admin.token)).json()) as View
      // A job that starts at once is stored as running (one write); a waiting one as queued.
      expect(running).toMatchObject({ status: 'running', startedAt: running.createdAt })
      const queued = await post(q.admin.token)
      expect(queued.status).toBe(202)
      const full = await post(q.admin.token)
      expect(full.status).toBe(429)
      expect(full.headers.get('Retry-After')).toBe('1')
      const other = await post(q.bob.token)
      expect(other.status).toBe(503)
      expect(other.headers.get('Retry-After')).toBe('1')
      const waiting = (await queued.json()) as View
      expect(waiting.status).toBe('queued')
      expect(waiting.startedAt).toBeUndefined()
      const queuedId = waiting.id
      for (const id of [queuedId, running.id]) {
        await q.app.request(`/api/jobs/${id}`, {
          method: 'DELETE',
          headers: { 'X-Auth-Token': q.admin.token },
        })
      }
    } finally {
      await q.close()
    }
  })

  it('marks jobs interrupted by a crash as failed on restart', async () => {
    const r = await openHarness()
    r.deps.db
      .prepare(
        `INSERT INTO jobs (id, account, user, origin, status, job, created_ms) VALUES ('jcrashed', 'AUTH_admin', 'admin', 'api', 'running', '[]', 1)`,
      )
      .run()
    await r.deps.close()
    const again = await openHarness({ dir: r.dir })
    try {
      const res = await again.app.request('/api/jobs/jcrashed', {
        headers: { 'X-Auth-Token': again.admin.token },
      })
      const job = (await res.json()) as { status: string; error: { message: string } }
      expect(job.status).toBe('failed')
      expect(job.error.message).toMatch(/restart/)
    } finally {
      await again.close()
      rmSync(r.dir, { recursive: true, force: true })
    }
  })
})
