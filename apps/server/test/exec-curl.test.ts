import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { compileFixture } from './compileFixture.ts'
import { curl } from './curl.ts'
import { listen, openHarness, type Harness } from './harness.ts'
import { SIZEOF_JOB } from './sizeofJob.ts'

let h: Harness
let server: { url: string; close(): Promise<void> }
let files: string
let token: string
let storage: string

beforeAll(async () => {
  h = await openHarness({
    exec: {
      poolSize: 2,
      queue: { maxRunning: 2, maxRunningPerAccount: 1, maxQueued: 4, maxQueuedPerAccount: 1 },
    },
  })
  server = await listen(h.app)
  files = mkdtempSync(join(tmpdir(), 'zerolab-curl-'))
  for (const f of ['sizeof', 'wc_map', 'wc_reduce', 'spin'])
    writeFileSync(join(files, `${f}.wasm`), compileFixture(f))
})
afterAll(async () => {
  await server?.close()
  await h?.close()
  rmSync(files, { recursive: true, force: true })
})

describe('the seed flow over curl', () => {
  it('authenticates and uploads a .wasm and its input', async () => {
    const auth = await curl([
      '-H',
      'X-Auth-User: admin:admin',
      '-H',
      'X-Auth-Key: admin',
      `${server.url}/auth/v1.0/`,
    ])
    expect(auth.status).toBe(200)
    token = auth.headers['x-auth-token']!
    storage = auth.headers['x-storage-url']!
    expect(storage).toBe(`${server.url}/v1/AUTH_admin`)
    const t = ['-H', `X-Auth-Token: ${token}`]
    expect((await curl(['-X', 'PUT', ...t, `${storage}/zerovm`])).status).toBe(201)
    writeFileSync(join(files, 'input.txt'), 'y'.repeat(1000))
    for (const f of ['sizeof.wasm', 'input.txt'])
      expect((await curl([...t, '-T', join(files, f), `${storage}/zerovm/${f}`])).status).toBe(201)
  })

  it('POSTs the sizeof job with X-Zerovm-Execute: 1.0 and gets ZeroCloud headers', async () => {
    writeFileSync(join(files, 'sizeof.json'), JSON.stringify(SIZEOF_JOB))
    const r = await curl([
      '-X',
      'POST',
      '-H',
      `X-Auth-Token: ${token}`,
      '-H',
      'X-Zerovm-Execute: 1.0',
      '-H',
      'Content-Type: application/json',
      '-T',
      join(files, 'sizeof.json'),
      `${storage}/zerovm/sizeof.json`,
    ])
    expect(r.status).toBe(200)
    expect(r.headers['x-nexe-system']).toBe('sizeof')
    expect(r.headers['x-nexe-status']).toBe('ok')
    expect(r.headers['x-nexe-retcode']).toBe('0')
    expect(r.headers['x-nexe-validation']).toBe('0')
    expect(r.headers['x-nexe-etag']).toBe('/dev/stderr d41d8cd98f00b204e9800998ecf8427e')
    expect(r.headers['x-nexe-cdr-line']).toMatch(
      /^\d+\.\d{3}, \d+\.\d{3}, \d+\.\d{2} \d+\.\d{2} \d+ \d+ \d+ \d+ 0 0 0 0$/,
    )
    expect(r.headers['x-nexe-error']).toBeUndefined()
    expect(r.headers.etag).toMatch(/^[0-9a-f]{32}$/)
    expect(r.headers['content-length']).toBe('0')
    expect(r.body).toBe('')
    const out = await curl(['-H', `X-Auth-Token: ${token}`, `${storage}/zerovm/output.txt`])
    expect(out.body).toBe('sizeof: 1000 bytes\n')
  })

  it('runs a map-reduce word count over uploaded objects', async () => {
    const t = ['-H', `X-Auth-Token: ${token}`]
    await curl(['-X', 'PUT', ...t, `${storage}/wc`])
    for (const f of ['wc_map.wasm', 'wc_reduce.wasm'])
      await curl([...t, '-T', join(files, f), `${storage}/wc/${f}`])
    const texts: Record<string, string> = {
      'a.txt': 'the quick brown fox',
      'b.txt': 'jumps over',
      'c.txt': 'the lazy dog',
    }
    for (const [n, body] of Object.entries(texts)) {
      writeFileSync(join(files, n), body)
      await curl([...t, '-T', join(files, n), `${storage}/wc/data-${n}`])
    }
    const job = [
      {
        name: 'map',
        exec: { path: 'swift://~/wc/wc_map.wasm' },
        devices: [{ name: 'input', path: 'swift://~/wc/data-*.txt' }, { name: 'stdout' }],
        connect: ['reduce'],
      },
      {
        name: 'reduce',
        exec: { path: 'swift://~/wc/wc_reduce.wasm' },
        devices: [{ name: 'stdout' }, { name: 'output', path: 'swift://~/wc/total.txt' }],
      },
    ]
    const r = await curl([
      '-X',
      'POST',
      ...t,
      '-H',
      'X-Zerovm-Execute: 1.0',
      '-H',
      'Content-Type: application/json',
      '--data-binary',
      JSON.stringify(job),
      storage,
    ])
    expect(r.status).toBe(200)
    expect(r.headers['x-nexe-system']).toBe('map-1,map-2,map-3,reduce')
    expect(r.headers['x-nexe-status']).toBe('ok,ok,ok,ok')
    expect(r.headers['x-nexe-retcode']).toBe('0,0,0,0')
    expect(r.body).toMatch(/^ +4 \S+\n +2 \S+\n +3 \S+\n +9 total\n$/)
    expect((await curl([...t, `${storage}/wc/total.txt`])).body).toBe('9\n')
  })

  it('follows a job over SSE to completion and cancels another', async () => {
    const t = ['-H', `X-Auth-Token: ${token}`, '-H', 'Content-Type: application/json']
    const sizeJob = JSON.stringify([
      {
        name: 'sizeof',
        exec: { path: 'swift://~/zerovm/sizeof.wasm' },
        devices: [{ name: 'stdout' }],
      },
    ])
    const sub = await curl(['-X', 'POST', ...t, '--data-binary', sizeJob, `${server.url}/api/jobs`])
    expect(sub.status).toBe(202)
    const { id } = JSON.parse(sub.body) as { id: string }
    const sse = await curl([
      '-N',
      '-H',
      `X-Auth-Token: ${token}`,
      `${server.url}/api/jobs/${id}/events`,
    ])
    expect(sse.headers['content-type']).toContain('text/event-stream')
    expect(sse.body).toContain('event: instance-finished')
    expect(sse.body).toMatch(/event: done\ndata: \{[^\n]*"status":"ok"/)

    const spinJob = JSON.stringify([{ name: 'spin', exec: { path: 'swift://~/wc/spin.wasm' } }])
    await curl([
      '-H',
      `X-Auth-Token: ${token}`,
      '-T',
      join(files, 'spin.wasm'),
      `${storage}/wc/spin.wasm`,
    ])
    const a = JSON.parse(
      (await curl(['-X', 'POST', ...t, '--data-binary', spinJob, `${server.url}/api/jobs`])).body,
    ) as { id: string }
    const b = await curl(['-X', 'POST', ...t, '--data-binary', spinJob, `${server.url}/api/jobs`])
    expect(b.status).toBe(202)
    const full = await curl([
      '-X',
      'POST',
      ...t,
      '--data-binary',
      spinJob,
      `${server.url}/api/jobs`,
    ])
    expect(full.status).toBe(429)
    expect(full.headers['retry-after']).toBe('1')
    const fullExec = await curl([
      '-X',
      'POST',
      ...t,
      '-H',
      'X-Zerovm-Execute: 1.0',
      '--data-binary',
      spinJob,
      storage,
    ])
    expect(fullExec.status).toBe(429)
    expect(fullExec.headers['retry-after']).toBe('1')
    for (const jid of [JSON.parse(b.body).id as string, a.id]) {
      const del = await curl([
        '-X',
        'DELETE',
        '-H',
        `X-Auth-Token: ${token}`,
        `${server.url}/api/jobs/${jid}`,
      ])
      expect(del.status).toBe(200)
    }
    const events = await curl([
      '-N',
      '-H',
      `X-Auth-Token: ${token}`,
      `${server.url}/api/jobs/${a.id}/events`,
    ])
    expect(events.body).toMatch(/event: done\ndata: \{[^\n]*"status":"cancelled"/)
  })

  it('serves history, shares, health and metrics over the socket', async () => {
    const t = ['-H', `X-Auth-Token: ${token}`]
    const hist = await curl([...t, `${server.url}/api/jobs?limit=2`])
    expect(hist.status).toBe(200)
    const page = JSON.parse(hist.body) as {
      jobs: { id: string; status: string }[]
      next: string | null
    }
    expect(page.jobs).toHaveLength(2)
    expect(page.next).toBeTruthy()
    const one = await curl([...t, `${server.url}/api/jobs/${page.jobs[0]!.id}`])
    expect(JSON.parse(one.body)).toMatchObject({
      status: 'cancelled',
      error: { code: 'CANCELLED' },
    })
    const doc = JSON.stringify({
      version: 1,
      groups: [{ name: 'a', exec: { path: 'swift://~/c/a.wasm' } }],
    })
    const post = ['-X', 'POST', '-H', 'Content-Type: application/json', '--data-binary', doc]
    const anon = await curl([...post, `${server.url}/api/shares`])
    expect(anon.status).toBe(401)
    const auth = ['-H', `X-Auth-Token: ${token}`]
    const share = await curl([...post, ...auth, `${server.url}/api/shares`])
    expect(share.status).toBe(201)
    const { id } = JSON.parse(share.body) as { id: string }
    const again = await curl([...post, ...auth, `${server.url}/api/shares`])
    expect(again.status).toBe(200)
    expect(JSON.parse(again.body).id).toBe(id)
    expect(JSON.parse((await curl([`${server.url}/api/shares/${id}`])).body)).toEqual(
      JSON.parse(doc),
    )
    const health = await curl([`${server.url}/api/health`])
    expect(JSON.parse(health.body)).toMatchObject({ status: 'ok', db: 'ok' })
    const metrics = await curl([`${server.url}/metrics`])
    expect(metrics.headers['content-type']).toContain('text/plain')
    expect(metrics.body).toMatch(
      /zerolab_http_requests_total\{method="POST",route="zerocloud_execute",status="200"\} \d+/,
    )
    expect(metrics.body).toMatch(/zerolab_jobs_rejected_total\{status="429"\} \d+/)
    expect(metrics.body).toMatch(/zerolab_jobs\{status="cancelled"\} 2/)
    expect(metrics.body).not.toMatch(/zerolab_jobs\{status="failed"\}/)
  })
})
