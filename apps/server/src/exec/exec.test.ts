import { createHash } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { compileFixture } from '../../test/compileFixture.ts'
import { openHarness, type Harness } from '../../test/harness.ts'
import { SIZEOF_JOB } from '../../test/sizeofJob.ts'

const md5 = (s: string | Uint8Array): string => createHash('md5').update(s).digest('hex')
const CDR = /^\d+\.\d{3}(, \d+\.\d{3}, \d+\.\d{2} \d+\.\d{2}( \d+){8})+$/

let h: Harness

beforeAll(async () => {
  h = await openHarness({ exec: { poolSize: 2 } })
  await h.put(h.admin.who, 'zerovm', {
    'sizeof.wasm': compileFixture('sizeof'),
    'hello.wasm': compileFixture('hello'),
    'input.txt': 'x'.repeat(921),
  })
})
afterAll(() => h?.close())

function exec(
  job: unknown,
  o: { token?: string; path?: string; headers?: Record<string, string> } = {},
) {
  const body = typeof job === 'string' ? job : JSON.stringify(job)
  const headers: Record<string, string> = {
    'X-Zerovm-Execute': '1.0',
    'Content-Type': 'application/json',
    ...o.headers,
  }
  if (o.token !== null) headers['X-Auth-Token'] = o.token ?? h.admin.token
  return h.app.request(o.path ?? '/v1/AUTH_admin', { method: 'POST', headers, body })
}

describe('ZeroCloud execution (POST with X-Zerovm-Execute)', () => {
  it('runs the 2014 sizeof job (file_list/device spellings) posted to an object URL', async () => {
    const res = await exec(SIZEOF_JOB, { path: '/v1/AUTH_admin/zerovm/sizeof.json' })
    expect(res.status).toBe(200)
    expect(res.headers.get('X-Nexe-System')).toBe('sizeof')
    expect(res.headers.get('X-Nexe-Status')).toBe('ok')
    expect(res.headers.get('X-Nexe-Retcode')).toBe('0')
    expect(res.headers.get('X-Nexe-Validation')).toBe('0')
    expect(res.headers.get('X-Nexe-Etag')).toBe('/dev/stderr d41d8cd98f00b204e9800998ecf8427e')
    expect(res.headers.get('X-Nexe-Cdr-Line')).toMatch(CDR)
    expect(res.headers.get('X-Nexe-Error')).toBeNull()
    expect(res.headers.get('Etag')).toMatch(/^[0-9a-f]{32}$/)
    expect(await res.text()).toBe('')
    expect(await h.read(h.admin.who, 'zerovm', 'output.txt')).toBe('sizeof: 921 bytes\n')
  })

  it('returns path-less stdout in the body with its etag', async () => {
    const res = await exec([
      {
        name: 'hello',
        exec: { path: 'swift://~/zerovm/hello.wasm' },
        devices: [{ name: 'stdout', content_type: 'text/x-greeting' }],
      },
    ])
    expect(res.status).toBe(200)
    expect(res.headers.get('Content-Type')).toBe('text/x-greeting')
    const body = await res.text()
    expect(body).toBe('hello from hello\n')
    expect(res.headers.get('X-Nexe-Etag')).toBe(`/dev/stdout ${md5(body)}`)
    expect(res.headers.get('Content-Length')).toBe(String(body.length))
  })

  it('answers 200 when an instance fails, with the error listed per instance', async () => {
    const res = await exec([
      {
        name: 'a',
        exec: { path: 'swift://~/zerovm/hello.wasm' },
        devices: [{ name: 'stdout' }],
        count: 2,
      },
      {
        name: 'bad',
        exec: { path: 'swift://~/zerovm/hello.wasm', args: '3' },
        devices: [{ name: 'stdout' }],
      },
    ])
    expect(res.status).toBe(200)
    expect(res.headers.get('X-Nexe-System')).toBe('a-1,a-2,bad')
    expect(res.headers.get('X-Nexe-Retcode')).toBe('0,0,3')
    expect(res.headers.get('X-Nexe-Status')).toBe('ok,ok,ok')
    expect(res.headers.get('X-Nexe-Error')).toBe(',,bad return code')
    // Path-less stdout comes back from every instance that ran, the failed one too.
    expect(await res.text()).toBe('hello from a-1\nhello from a-2\nhello from bad\n')
  })

  it('returns the first path-less device per instance: stderr when declared first', async () => {
    const res = await exec([
      {
        name: 'log',
        exec: {
          source: `console.log('stdout of log'); console.error('stderr of log'); zerolab.exit(2)`,
        },
        devices: [{ name: 'stderr', content_type: 'text/x-log' }, { name: 'stdout' }],
      },
      {
        name: 'quiet',
        exec: { source: `console.error('not returned')` },
        devices: [{ name: 'stdout' }, { name: 'stderr' }],
      },
      {
        name: 'hello',
        exec: { path: 'swift://~/zerovm/hello.wasm' },
        devices: [{ name: 'stdout', content_type: 'text/x-greeting' }],
      },
    ])
    expect(res.status).toBe(200)
    expect(res.headers.get('X-Nexe-System')).toBe('log,quiet,hello')
    expect(res.headers.get('X-Nexe-Retcode')).toBe('2,0,0')
    expect(res.headers.get('X-Nexe-Error')).toBe('bad return code,,')
    // The failed instance's stderr, nothing from quiet (its stdout is empty), then hello.
    expect(await res.text()).toBe('stderr of log\nhello from hello\n')
    // The Content-Type is that of the first entry in the body.
    expect(res.headers.get('Content-Type')).toBe('text/x-log')
  })

  it('fans a group out to count instances, one entry each', async () => {
    const res = await exec([
      {
        name: 'w',
        exec: { path: 'swift://~/zerovm/hello.wasm' },
        devices: [{ name: 'stdout' }],
        count: 20,
      },
    ])
    const names = Array.from({ length: 20 }, (_, i) => `w-${i + 1}`)
    expect(res.headers.get('X-Nexe-System')).toBe(names.join(','))
    expect(res.headers.get('X-Nexe-Retcode')).toBe(names.map(() => '0').join(','))
    expect(res.headers.get('X-Nexe-Cdr-Line')).toMatch(CDR)
    expect(await res.text()).toBe(names.map((n) => `hello from ${n}\n`).join(''))
  })

  it('runs the reader of a failed writer, as ZeroCloud ran every instance', async () => {
    const res = await exec([
      {
        name: 'first',
        exec: { path: 'swift://~/zerovm/hello.wasm', args: '3' },
        devices: [{ name: 'stdout' }],
        connect: ['second'],
      },
      {
        name: 'second',
        exec: { path: 'swift://~/zerovm/hello.wasm' },
        devices: [{ name: 'stdout' }],
      },
    ])
    expect(res.status).toBe(200)
    expect(res.headers.get('X-Nexe-System')).toBe('first,second')
    expect(res.headers.get('X-Nexe-Status')).toBe('ok,ok')
    expect(res.headers.get('X-Nexe-Validation')).toBe('0,0')
    expect(res.headers.get('X-Nexe-Retcode')).toBe('3,0')
  })

  it('reads the job from X-Zerovm-Source and feeds the body to path-less stdin', async () => {
    await h.put(h.admin.who, 'jobs', {
      'sizeof.json': JSON.stringify([
        {
          name: 'sizeof',
          exec: { path: 'swift://~/zerovm/sizeof.wasm' },
          devices: [{ name: 'stdin' }, { name: 'stdout' }],
        },
      ]),
    })
    const res = await exec('hello', {
      headers: {
        'X-Zerovm-Source': 'swift://AUTH_admin/jobs/sizeof.json',
        'Content-Type': 'text/plain',
      },
    })
    expect(res.status).toBe(200)
    expect(await res.text()).toBe('sizeof: 5 bytes\n')
  })

  it('runs a resent job again (parsed once), each run with its own stdin and history', async () => {
    const job = [
      {
        name: 'sizeof',
        exec: { path: 'swift://~/zerovm/sizeof.wasm' },
        devices: [{ name: 'stdin' }, { name: 'stdout' }],
      },
    ]
    await h.put(h.admin.who, 'jobs', { 'again.json': JSON.stringify(job, null, 1) })
    const headers = {
      'X-Zerovm-Source': 'swift://AUTH_admin/jobs/again.json',
      'Content-Type': 'text/plain',
    }
    const ids: string[] = []
    for (const [stdin, out] of [
      ['hello', 'sizeof: 5 bytes\n'],
      ['hi there', 'sizeof: 8 bytes\n'],
    ] as const) {
      const res = await exec(stdin, { headers })
      expect(await res.text()).toBe(out)
      ids.push(res.headers.get('X-Zerolab-Job')!)
    }
    for (const id of ids) {
      const view = await h.app.request(`/api/jobs/${id}`, {
        headers: { 'X-Auth-Token': h.admin.token },
      })
      expect(((await view.json()) as { job: unknown }).job).toEqual(job)
    }
    // No event backlog is kept for an execution: its events come from the job's record.
    const events = await h.app.request(`/api/jobs/${ids[0]}/events`, {
      headers: { 'X-Auth-Token': h.admin.token },
    })
    const text = await events.text()
    expect([...text.matchAll(/^event: (.*)$/gm)].map((m) => m[1])).toEqual(['job', 'done'])
    expect(text).toMatch(/"status":"ok"/)
  })

  it('rejects a malformed job with 400 naming the JSON path', async () => {
    const res = await exec([{ name: 'x', exec: {} }])
    expect(res.status).toBe(400)
    expect(res.headers.get('X-Error-Code')).toBe('INVALID_JOB')
    expect(decodeURIComponent(res.headers.get('X-Error-Path')!)).toBe('groups[0].exec')
    expect(await res.text()).toContain('groups[0].exec')
    const bad = await exec('{not json')
    expect(bad.status).toBe(400)
    expect(bad.headers.get('X-Error-Code')).toBe('INVALID_JOB')
  })

  it('enforces zerovm_maxconfig (413) and the Etag of the body (422)', async () => {
    const big = JSON.stringify([
      { name: 'x', exec: { path: 'swift://~/zerovm/hello.wasm', args: 'a'.repeat(70_000) } },
    ])
    expect((await exec(big)).status).toBe(413)
    const job = JSON.stringify([{ name: 'hello', exec: { path: 'swift://~/zerovm/hello.wasm' } }])
    expect((await exec(job, { headers: { Etag: md5('other') } })).status).toBe(422)
    expect((await exec(job, { headers: { Etag: md5(job) } })).status).toBe(200)
  })

  it('needs a token for the account it executes in', async () => {
    const job = [{ name: 'hello', exec: { path: 'swift://~/zerovm/hello.wasm' } }]
    expect((await exec(job, { token: null as unknown as string })).status).toBe(401)
    expect((await exec(job, { token: h.bob.token })).status).toBe(403)
  })

  it('applies container ACLs to what instances read and write', async () => {
    await h.put(h.admin.who, 'private', { 'data.txt': 'secret!' })
    const job = (out: string) => [
      {
        name: 'sizeof',
        exec: { path: 'swift://AUTH_admin/zerovm/sizeof.wasm' },
        devices: [
          { name: 'stdin', path: 'swift://AUTH_admin/private/data.txt' },
          { name: 'stdout', path: out },
        ],
      },
    ]
    // bob may read neither the program nor the input yet: refused clearly, never a 500.
    const denied = await exec(job('swift://~/mine/out.txt'), {
      path: '/v1/AUTH_bob',
      token: h.bob.token,
    })
    expect([200, 401, 403]).toContain(denied.status)
    if (denied.status === 200) expect(denied.headers.get('X-Nexe-Error')).toBeTruthy()
    else expect(await denied.text()).toMatch(/denied|forbidden|access/i)

    h.deps.store.postContainer(h.admin.who, 'AUTH_admin', 'zerovm', { readAcl: 'bob' })
    h.deps.store.postContainer(h.admin.who, 'AUTH_admin', 'private', { readAcl: 'bob' })
    h.deps.store.putContainer(h.bob.who, 'AUTH_bob', 'mine', {})
    const ok = await exec(job('swift://~/mine/out.txt'), {
      path: '/v1/AUTH_bob',
      token: h.bob.token,
    })
    expect(ok.status).toBe(200)
    expect(ok.headers.get('X-Nexe-Status')).toBe('ok')
    expect(await h.read(h.bob.who, 'mine', 'out.txt')).toBe('sizeof: 7 bytes\n')

    // A public container (.r:*) is readable by anyone's jobs.
    await h.put(h.admin.who, 'public', { 'p.txt': 'open' })
    h.deps.store.postContainer(h.admin.who, 'AUTH_admin', 'public', { readAcl: '.r:*' })
    const pub = await exec(
      [
        {
          name: 'sizeof',
          exec: { path: 'swift://AUTH_admin/zerovm/sizeof.wasm' },
          devices: [{ name: 'stdin', path: 'swift://AUTH_admin/public/p.txt' }, { name: 'stdout' }],
        },
      ],
      { path: '/v1/AUTH_bob', token: h.bob.token },
    )
    expect(await pub.text()).toBe('sizeof: 4 bytes\n')

    // Writing into admin's container needs its write ACL.
    const noWrite = await exec(job('swift://AUTH_admin/private/bob.txt'), {
      path: '/v1/AUTH_bob',
      token: h.bob.token,
    })
    expect(noWrite.status).not.toBe(500)
    if (noWrite.status === 200)
      expect(noWrite.headers.get('X-Nexe-Error')).toMatch(/denied|forbidden|access/i)
    h.deps.store.postContainer(h.admin.who, 'AUTH_admin', 'private', { writeAcl: 'bob' })
    const write = await exec(job('swift://AUTH_admin/private/bob.txt'), {
      path: '/v1/AUTH_bob',
      token: h.bob.token,
    })
    expect(write.headers.get('X-Nexe-Error')).toBeNull()
    expect(await h.read(h.admin.who, 'private', 'bob.txt')).toBe('sizeof: 7 bytes\n')
  })

  it('runs a map-reduce word count: the reducer output in the body and in its object', async () => {
    await h.put(h.admin.who, 'wc', {
      'map.wasm': compileFixture('wc_map'),
      'reduce.wasm': compileFixture('wc_reduce'),
    })
    await h.put(h.admin.who, 'mapreduce-data', {
      'a.txt': 'one two three\nfour',
      'b.txt': 'five six',
      'c.txt': ' seven ',
    })
    const res = await exec([
      {
        name: 'map',
        exec: { path: 'swift://~/wc/map.wasm' },
        devices: [{ name: 'input', path: 'swift://~/mapreduce-data/*.txt' }, { name: 'stdout' }],
        connect: ['reduce'],
      },
      {
        name: 'reduce',
        exec: { path: 'swift://~/wc/reduce.wasm' },
        devices: [{ name: 'stdout' }, { name: 'output', path: 'swift://~/wc/total.txt' }],
      },
    ])
    expect(res.status).toBe(200)
    expect(res.headers.get('X-Nexe-System')).toBe('map-1,map-2,map-3,reduce')
    expect(res.headers.get('X-Nexe-Status')).toBe('ok,ok,ok,ok')
    const body = await res.text()
    expect(body).toContain('       4 ')
    expect(body).toContain('       2 ')
    expect(body).toContain('       1 ')
    expect(body).toMatch(/ {7}7 total\n$/)
    expect(await h.read(h.admin.who, 'wc', 'total.txt')).toBe('7\n')
  })
})
