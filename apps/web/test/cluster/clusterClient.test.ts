// The web app's cluster client against the real server app (no port: app.request).
import type { SseMessage } from '@zerolab/shared'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { body, openHarness, type Harness } from '../../../server/test/harness.ts'
import { ClusterClient, signIn, type Fetch } from '../../src/features/cluster/clusterClient.ts'
import { clusterMessageEvents } from '../../src/features/runs/clusterEvents.ts'
import { EngineEventAdapter, reportEvents } from '../../src/features/runs/engineEvents.ts'
import {
  groupProgress,
  newRun,
  reduceRun,
  type RunEvent,
} from '../../src/features/runs/runState.ts'

const BASE = 'http://zerolab.test'

describe('ClusterClient against the server', () => {
  let h: Harness
  let fetchImpl: Fetch
  let client: ClusterClient

  beforeAll(async () => {
    h = await openHarness()
    fetchImpl = (input, init) => {
      const u = new URL(input)
      return h.fetch(u.pathname + u.search, init)
    }
    client = new ClusterClient(
      await signIn({ url: BASE, account: 'test', user: 'tester', key: 'testing' }, fetchImpl),
      fetchImpl,
    )
  })
  afterAll(() => h.close())

  it('signs in with tempauth and rejects a wrong key with a clear error', async () => {
    expect(client.session).toMatchObject({ url: BASE, account: 'test', user: 'tester' })
    expect(client.session.storageUrl).toBe(`${BASE}/v1/AUTH_test`)
    await expect(
      signIn({ url: BASE, account: 'test', user: 'tester', key: 'nope' }, fetchImpl),
    ).rejects.toMatchObject({
      code: 'UNAUTHORIZED',
    })
  })

  it('creates a container, uploads, downloads, shares, deletes (Swift API)', async () => {
    await client.createContainer('my data')
    await client.upload('my data', 'dir/a b.txt', new Blob(['uploaded bytes\n']), 'text/plain')
    expect((await client.objects('my data')).map((o) => o.name)).toEqual(['dir/a b.txt'])
    expect(await (await client.download('my data', 'dir/a b.txt')).text()).toBe('uploaded bytes\n')
    expect(await client.containerRead('my data')).toBe('')
    await client.setContainerRead('my data', '.r:*,.rlistings')
    expect(await client.containerRead('my data')).toBe('.r:*,.rlistings')
    await client.setContainerRead('my data', '')
    expect(await client.containerRead('my data')).toBe('')
    // Not empty: Swift refuses, and the error says so.
    await expect(client.deleteContainer('my data')).rejects.toMatchObject({ code: 'CONFLICT' })
    await client.deleteObject('my data', 'dir/a b.txt')
    await client.deleteContainer('my data')
    expect((await client.containers()).map((c) => c.name)).not.toContain('my data')
  })

  it('lists containers and objects and reads an object head with a range', async () => {
    const t = { 'X-Auth-Token': client.session.token }
    await h.fetch('/v1/AUTH_test/books', { method: 'PUT', headers: t })
    await h.fetch('/v1/AUTH_test/books/a.txt', body('hello world\n', t))
    await h.fetch('/v1/AUTH_test/books/dir/b.txt', body('bee\n', t))
    expect(await client.containers()).toEqual([
      expect.objectContaining({ name: 'books', count: 2 }),
    ])
    const objects = await client.objects('books')
    expect(objects.map((o) => o.name)).toEqual(['a.txt', 'dir/b.txt'])
    expect(await client.objects('books', { delimiter: '/' })).toEqual([
      expect.objectContaining({ name: 'a.txt' }),
      { subdir: 'dir/' },
    ])
    const head = await client.head('books', 'a.txt', 5)
    expect(new TextDecoder().decode(head.data)).toBe('hello')
    expect(head.total).toBe(12)
  })

  it('reports a Swift 403 as FORBIDDEN, with or without X-Error-Code', async () => {
    const other = await h.token('other:user', 'secret')
    const t = { 'X-Auth-Token': other }
    await h.fetch('/v1/AUTH_other/private', { method: 'PUT', headers: t })
    await h.fetch('/v1/AUTH_other/private/secret.txt', body('not yours\n', t))
    const session = { ...client.session, storageUrl: `${BASE}/v1/AUTH_other` }
    const denied = new ClusterClient(session, fetchImpl).head('private', 'secret.txt')
    await expect(denied).rejects.toMatchObject({ code: 'FORBIDDEN' })
    // A real Swift proxy answers in plain text without our X-Error-Code: the status decides.
    const plainSwift: Fetch = async (input, init) => {
      const res = await fetchImpl(input, init)
      const headers = new Headers(res.headers)
      headers.delete('x-error-code')
      return new Response(res.body, { status: res.status, statusText: res.statusText, headers })
    }
    const viaProxy = new ClusterClient(session, plainSwift).head('private', 'secret.txt')
    await expect(viaProxy).rejects.toMatchObject({ code: 'FORBIDDEN' })
  })

  it('submits a job, follows its events to the end and reads the report', async () => {
    const job = {
      version: 1,
      groups: [
        {
          name: 'hello',
          exec: { source: "console.log('hi from ' + zerolab.name)" },
          devices: [{ name: 'stdout' }],
        },
      ],
    }
    const sub = await client.submit(job)
    expect(sub.id).toMatch(/^j/)
    const messages: SseMessage[] = []
    await client.follow(sub.id, (m) => messages.push(m))
    expect(messages.at(-1)?.event).toBe('done')
    const adapter = new EngineEventAdapter()
    let run = newRun({ id: 'r', target: 'cluster', jobKey: 'k', at: 0 })
    let final: string | undefined
    messages.forEach((m, i) => {
      const r = clusterMessageEvents(m, adapter, i)
      if (r.final) final = r.final
      run = r.events.reduce(reduceRun, run)
    })
    expect(final).toBe('ok')
    expect(groupProgress(run)).toEqual({ hello: { state: 'ok', done: 1, total: 1 } })
    const view = await client.job(sub.id)
    expect(view.status).toBe('ok')
    const events = reportEvents(
      view.report as Parameters<typeof reportEvents>[0],
      100,
    ) as RunEvent[]
    run = events.reduce(reduceRun, run)
    expect(run.phase).toBe('ok')
    expect(run.instances.hello).toMatchObject({ phase: 'ok', stdout: 'hi from hello\n' })
    expect((await client.history()).map((j) => j.id)).toContain(sub.id)
  })

  it('rejects an invalid job naming the JSON path', async () => {
    await expect(
      client.submit({ version: 1, groups: [{ name: 'a', exec: {}, connect: ['nope'] }] }),
    ).rejects.toMatchObject({
      code: 'INVALID_JOB',
    })
  })

  it('cancels a running job', async () => {
    const sub = await client.submit({
      version: 1,
      groups: [{ name: 'spin', exec: { source: 'for (;;) {}' }, limits: { timeoutMs: 20_000 } }],
    })
    const seen: string[] = []
    const following = client.follow(sub.id, (m) => seen.push(m.event))
    for (let i = 0; i < 50 && !seen.includes('instance-started'); i++)
      await new Promise((r) => setTimeout(r, 20))
    const cancelled = await client.cancel(sub.id)
    expect(['cancelled', 'running']).toContain(cancelled.status)
    await following
    expect(seen.at(-1)).toBe('done')
    expect((await client.job(sub.id)).status).toBe('cancelled')
  })
})
