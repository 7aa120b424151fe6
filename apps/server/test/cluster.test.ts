import type { JobReport } from '@zerolab/runtime'
import { execFile } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { compileFixture } from './compileFixture.ts'
import { curl } from './curl.ts'
import { SIZEOF_JOB } from './sizeofJob.ts'
import { openHarness, type Harness } from './harness.ts'
import {
  openClusterHarness,
  putObjects,
  wordCountJob,
  wordObjects,
  type ClusterHarness,
} from './clusterHarness.ts'

let c: ClusterHarness
let h: Harness

beforeAll(async () => {
  ;[c, h] = await Promise.all([openClusterHarness(), openHarness({ exec: { poolSize: 2 } })])
})
afterAll(async () => {
  await c?.close()
  await h?.close()
})

const execute = (url: string, token: string, job: unknown): Promise<Response> =>
  fetch(url, {
    method: 'POST',
    headers: {
      'X-Auth-Token': token,
      'X-Zerovm-Execute': '1.0',
      'Content-Type': 'application/json',
    },
    body: JSON.stringify(job),
  })

async function jobReport(jobId: string): Promise<JobReport> {
  const r = await fetch(`${c.zl.gatewayUrl}/api/jobs/${jobId}`, {
    headers: { 'X-Auth-Token': c.admin.token! },
  })
  expect(r.status).toBe(200)
  return ((await r.json()) as { report: JobReport }).report
}

describe('cluster mode over a real 3-host Swift', () => {
  it('runs a 60-object word count with the single-node output ETags, each map beside its object', async () => {
    const data = wordObjects(60)
    await putObjects(c.admin, 'wc60', data)
    await putObjects(c.admin, 'wc60-out', {})
    await h.put(h.admin.who, 'wc60', data)
    await h.put(h.admin.who, 'wc60-out', {})
    const job = wordCountJob('wc60', 'wc60-out')

    const single = await h.app.request('/v1/AUTH_admin', {
      method: 'POST',
      headers: {
        'X-Auth-Token': h.admin.token,
        'X-Zerovm-Execute': '1.0',
        'Content-Type': 'application/json',
      },
      body: JSON.stringify(job),
    })
    const cluster = await execute(`${c.zl.gatewayUrl}/v1/AUTH_admin`, c.admin.token!, job)
    expect(single.status).toBe(200)
    expect(cluster.status).toBe(200)
    expect(cluster.headers.get('x-nexe-status')).toBe(Array(61).fill('ok').join(','))
    expect(cluster.headers.get('x-nexe-system')).toBe(single.headers.get('x-nexe-system'))
    expect(cluster.headers.get('x-nexe-etag')).toBe(single.headers.get('x-nexe-etag'))
    expect(single.headers.get('x-nexe-colocated')).toBeNull()
    expect(new Set(cluster.headers.get('x-nexe-colocated')!.split(',')).size).toBe(3) // 3 nodes

    // The 61 committed objects: same names, same ETags (read straight from Swift's proxy).
    const mine = (await c.direct.listObjects('AUTH_admin', 'wc60-out'))!
    const theirs = h.deps.store.listContainer(h.admin.who, 'AUTH_admin', 'wc60-out', {
      limit: 1000,
    }).entries
    expect(mine.map((o) => [o.name, o.etag])).toEqual(
      theirs.map((o) => (o.kind === 'object' ? [o.name, o.etag] : [o.subdir, ''])),
    )
    expect(mine).toHaveLength(61)

    // Locality, as the report says it and as list_endpoints says it independently.
    const report = await jobReport(cluster.headers.get('x-zerolab-job')!)
    const maps = report.instances.filter((i) => i.group === 'map')
    expect(maps).toHaveLength(60)
    const totals = report.totals.cluster!
    expect(totals.withInput).toBe(60)
    expect(totals.inputLocal / totals.withInput).toBeGreaterThanOrEqual(0.9)
    expect(totals.nodes).toEqual(['node1', 'node2', 'node3'])
    expect(totals.retries).toBe(0)
    const ipOf = new Map(c.zl.nodes.map((n) => [n.name, n.ip]))
    const names = Object.keys(data).sort()
    let beside = 0
    for (const [k, m] of maps.entries()) {
      const ep = await c.direct.endpoints('AUTH_admin', 'wc60', names[k]!)
      const holders = ep.urls.map((u) => new URL(u).hostname)
      expect(holders).toHaveLength(2)
      const here = holders.includes(ipOf.get(m.placement!.node)!)
      expect(m.placement!.inputLocal).toBe(here)
      if (here) beside++
    }
    expect(beside / 60).toBeGreaterThanOrEqual(0.9)
    // Inputs came from the local object servers; only pipe data to the reducer crossed nodes.
    const inputBytes = Object.values(data).reduce((n, t) => n + t.length, 0)
    expect(totals.bytesReadLocal + totals.bytesReadRemote).toBe(inputBytes)
    expect(totals.bytesReadLocal / inputBytes).toBeGreaterThanOrEqual(0.9)
    const reduce = report.instances.find((i) => i.name === 'reduce')!
    expect(totals.bytesBetweenNodes).toBe(reduce.placement!.bytesFromNodes)
    expect(reduce.placement!.bytesFromNodes).toBeLessThanOrEqual(reduce.accounting.pipeReadBytes)
  })
})

describe('clients against the gateway', () => {
  let files: string
  beforeAll(() => {
    files = mkdtempSync(join(tmpdir(), 'zerolab-cluster-clients-'))
  })
  afterAll(() => rmSync(files, { recursive: true, force: true }))

  it('serves the real swift client (objects in Swift, storage URL naming the gateway)', async () => {
    const run = promisify(execFile)
    const swift = async (...args: string[]): Promise<string> =>
      (
        await run('swift', args, {
          env: {
            ...process.env,
            ST_AUTH: `${c.zl.gatewayUrl}/auth/v1.0`,
            ST_USER: 'admin:admin',
            ST_KEY: 'admin',
          },
        })
      ).stdout
    const big = Buffer.alloc(3 * 1024 * 1024 + 5, 'abc')
    writeFileSync(join(files, 'big.bin'), big)
    await swift('upload', 'cli', join(files, 'big.bin'), '--object-name', 'big.bin')
    await swift(
      'upload',
      'cli',
      join(files, 'big.bin'),
      '--object-name',
      'seg.bin',
      '--segment-size',
      '1000000',
    )
    expect((await swift('list', 'cli')).split('\n').filter(Boolean)).toEqual(['big.bin', 'seg.bin'])
    await swift('download', 'cli', 'seg.bin', '-o', join(files, 'back.bin'))
    expect(readFileSync(join(files, 'back.bin')).equals(big)).toBe(true)
    expect(await swift('auth')).toContain(`OS_STORAGE_URL=${c.zl.gatewayUrl}/v1/AUTH_admin`)
    // Stored in Swift itself: the proxy serves it to a client that never saw ZeroLab.
    expect((await c.direct.head('AUTH_admin', 'cli', 'big.bin'))?.bytes).toBe(big.length)
    await swift('delete', 'cli', 'big.bin')
    expect(await c.direct.head('AUTH_admin', 'cli', 'big.bin')).toBeUndefined()
  })

  it('keeps user content from acting as the app on objects passed through', async () => {
    await putObjects(c.admin, 'web', {})
    const put = await c.admin.request('PUT', '/v1/AUTH_admin/web/page.html', {
      headers: { 'content-type': 'text/html' },
      body: Buffer.from('<script>alert(1)</script>'),
    })
    put.body.resume()
    expect(put.status).toBe(201)
    const r = await fetch(`${c.zl.gatewayUrl}/v1/AUTH_admin/web/page.html`, {
      headers: { 'X-Auth-Token': c.admin.token! },
    })
    expect(r.status).toBe(200)
    expect(r.headers.get('content-security-policy')).toMatch(/^sandbox/)
    expect(r.headers.get('x-content-type-options')).toBe('nosniff')
    expect(r.headers.get('content-disposition')).toBe('attachment')
    expect(await r.text()).toBe('<script>alert(1)</script>')
    const anon = await fetch(`${c.zl.gatewayUrl}/v1/AUTH_admin/web/page.html`)
    expect(anon.status).toBe(401) // Swift's tempauth answers
  })

  it("runs the seed's curl execute flow (zerocloud.md §8) on the cluster", async () => {
    const auth = await curl([
      '-H',
      'X-Auth-User: admin:admin',
      '-H',
      'X-Auth-Key: admin',
      `${c.zl.gatewayUrl}/auth/v1.0/`,
    ])
    expect(auth.status).toBe(200)
    const token = auth.headers['x-auth-token']!
    const storage = auth.headers['x-storage-url']!
    expect(storage).toBe(`${c.zl.gatewayUrl}/v1/AUTH_admin`)
    const t = ['-H', `X-Auth-Token: ${token}`]
    expect((await curl(['-X', 'PUT', ...t, `${storage}/zerovm`])).status).toBeLessThan(300)
    writeFileSync(join(files, 'sizeof.wasm'), compileFixture('sizeof'))
    writeFileSync(join(files, 'input.txt'), 'y'.repeat(1000))
    for (const f of ['sizeof.wasm', 'input.txt'])
      expect((await curl([...t, '-T', join(files, f), `${storage}/zerovm/${f}`])).status).toBe(201)
    writeFileSync(join(files, 'sizeof.json'), JSON.stringify(SIZEOF_JOB))
    const r = await curl([
      '-X',
      'POST',
      ...t,
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
    expect(r.headers['content-length']).toBe('0')
    const out = await curl([...t, `${storage}/zerovm/output.txt`])
    expect(out.body).toBe('sizeof: 1000 bytes\n')
  })
})
