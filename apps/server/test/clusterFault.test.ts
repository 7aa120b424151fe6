import type { JobReport } from '@zerolab/runtime'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { NodeProc } from '../../../scripts/cluster/loopback.ts'
import { killNode, startGateway, startNode, stopGateway } from '../../../scripts/cluster/zerolab.ts'
import {
  openClusterHarness,
  putObjects,
  wordCountJob,
  wordObjects,
  type ClusterHarness,
} from './clusterHarness.ts'

let c: ClusterHarness
const data = wordObjects(24, 'f')

beforeAll(async () => {
  c = await openClusterHarness({ workers: 1 })
  await putObjects(c.admin, 'fault-in', data)
})
afterAll(async () => {
  await c?.close()
})

/** What the job must produce: word → total over `data`, as the reducer prints it. */
function expectedTotals(): string {
  const totals = new Map<string, number>()
  for (const text of Object.values(data))
    for (const w of text.split(/\s+/)) if (w) totals.set(w, (totals.get(w) ?? 0) + 1)
  return [...totals.keys()]
    .sort()
    .map((k) => `${k} ${totals.get(k)}\n`)
    .join('')
}

interface JobView {
  id: string
  status: string
  report?: JobReport
  error?: { code: string; message: string }
}

const api = async (path: string, init: RequestInit = {}): Promise<Response> =>
  fetch(`${c.zl.gatewayUrl}${path}`, {
    ...init,
    headers: {
      'X-Auth-Token': c.admin.token!,
      'Content-Type': 'application/json',
      ...init.headers,
    },
  })

/** Submits a job and calls `onEvent` for each SSE event until the job is done. */
async function submitAndFollow(
  job: unknown,
  onEvent: (type: string, data: Record<string, unknown>) => void,
): Promise<JobView> {
  const sub = await api('/api/jobs', { method: 'POST', body: JSON.stringify(job) })
  expect(sub.status).toBe(202)
  const { id } = (await sub.json()) as { id: string }
  const ev = await api(`/api/jobs/${id}/events`)
  const reader = ev.body!.pipeThrough(new TextDecoderStream()).getReader()
  let buf = ''
  for (;;) {
    const { value, done } = await reader.read()
    if (done) break
    buf += value
    for (let i = buf.indexOf('\n\n'); i >= 0; i = buf.indexOf('\n\n')) {
      const block = buf.slice(0, i)
      buf = buf.slice(i + 2)
      const type = /^event: (.*)$/m.exec(block)?.[1]
      const data = /^data: (.*)$/m.exec(block)?.[1]
      if (type && data) onEvent(type, JSON.parse(data) as Record<string, unknown>)
    }
  }
  const view = await api(`/api/jobs/${id}`)
  return (await view.json()) as JobView
}

/** Kills `victim` (kill -9) once it runs an instance and a few instances have finished. */
function killMidJob(victim: NodeProc): {
  onEvent: (type: string, d: Record<string, unknown>) => void
  killed: Promise<void>
} {
  let finished = 0
  let onVictim = false
  let fire!: () => void
  const go = new Promise<void>((ok) => (fire = ok))
  let fired = false
  const killed = go.then(() => killNode(c.stateDir, victim))
  return {
    killed,
    onEvent(type, d) {
      if (type === 'instance-started' && d.node === victim.name) onVictim = true
      if (type === 'instance-finished') finished++
      if (!fired && onVictim && finished >= 4) {
        fired = true
        fire()
      }
    },
  }
}

async function outputs(container: string): Promise<Map<string, string>> {
  const out = new Map<string, string>()
  for (const o of (await c.direct.listObjects('AUTH_admin', container)) ?? []) {
    const got = await c.direct.request(
      'GET',
      `/v1/AUTH_admin/${container}/${encodeURIComponent(o.name)}`,
    )
    const parts: Buffer[] = []
    for await (const p of got.body as AsyncIterable<Buffer>) parts.push(p)
    out.set(o.name, Buffer.concat(parts).toString('utf8'))
  }
  return out
}

describe('a node killed mid-job (kill -9)', () => {
  it('reruns its instances on other replicas’ nodes: the job ends ok with the right output, nothing partial in Swift', async () => {
    await putObjects(c.admin, 'fault-out', {})
    const victim = c.zl.nodes[1]!
    const k = killMidJob(victim)
    const view = await submitAndFollow(wordCountJob('fault-in', 'fault-out', 3_000_000), k.onEvent)
    await k.killed
    expect(view.status).toBe('ok')
    const totals = view.report!.totals.cluster!
    expect(totals.retries).toBeGreaterThan(0)
    // Nothing ran its last attempt on the dead node; all 25 outputs are whole.
    for (const i of view.report!.instances) expect(i.placement!.node).not.toBe(victim.name)
    const out = await outputs('fault-out')
    expect([...out.keys()].sort()).toEqual(
      [
        ...Object.keys(data).map((n) => `count-${n.slice(0, -'.txt'.length)}.txt`),
        'total.txt',
      ].sort(),
    )
    expect(out.get('total.txt')).toBe(expectedTotals())
    for (const [name, text] of Object.entries(data)) {
      const words = text.split(/\s+/).filter(Boolean).length
      expect(out.get(`count-${name.slice(0, -4)}.txt`)).toBe(`${words} words\n`)
    }
  })

  it('lets the node rejoin when it comes back', async () => {
    const victim = c.zl.nodes[1]!
    await startNode({ swift: c.swift, stateDir: c.stateDir }, victim)
    await expect
      .poll(async () => nodeAlive(victim.name), { timeout: 30_000, interval: 500 })
      .toBe(true)
    await putObjects(c.admin, 'rejoin-out', {})
    const view = await submitAndFollow(wordCountJob('fault-in', 'rejoin-out'), () => {})
    expect(view.status).toBe('ok')
    expect(view.report!.totals.cluster!.nodes).toContain(victim.name)
  })

  it('past the retry limit fails the job clearly, keeping job records across a gateway restart', async () => {
    const before = (await (await api('/api/jobs?limit=100')).json()) as { jobs: JobView[] }
    expect(before.jobs.length).toBeGreaterThanOrEqual(2)
    await stopGateway(c.stateDir)
    await startGateway(
      { swift: c.swift, stateDir: c.stateDir, env: { ZEROLAB_CLUSTER_MAX_ATTEMPTS: '1' } },
      c.zl,
    )
    // Same token (Swift's, remembered by the gateway), same history.
    const after = (await (await api('/api/jobs?limit=100')).json()) as { jobs: JobView[] }
    expect(after.jobs.map((j) => [j.id, j.status])).toEqual(
      before.jobs.map((j) => [j.id, j.status]),
    )
    await expect
      .poll(async () => (await health()).every((n) => n.alive), { timeout: 30_000 })
      .toBe(true)

    await putObjects(c.admin, 'limit-out', {})
    const victim = c.zl.nodes[2]!
    const k = killMidJob(victim)
    const view = await submitAndFollow(wordCountJob('fault-in', 'limit-out', 3_000_000), k.onEvent)
    await k.killed
    expect(view.status).toBe('failed')
    const lost = view.report!.instances.filter((i) =>
      /node lost 1 times, gave up/.test(i.message ?? ''),
    )
    expect(lost.length).toBeGreaterThan(0)
    for (const i of lost) expect(i.status).toBe('error')
    const reduce = view.report!.instances.find((i) => i.name === 'reduce')!
    expect(reduce.validation).toBe(2) // not run: an upstream failed
    // Only whole outputs of instances that ended ok: no total, no partial count file.
    const out = await outputs('limit-out')
    expect(out.has('total.txt')).toBe(false)
    const ok = new Set(
      view
        .report!.instances.filter((i) => i.status === 'ok')
        .flatMap((i) => i.outputs.map((o) => o.path.split('/').pop())),
    )
    expect([...out.keys()].sort()).toEqual([...ok].sort())
    for (const [, text] of out) expect(text).toMatch(/^\d+ words\n$/) // and complete
    await startNode({ swift: c.swift, stateDir: c.stateDir }, victim)
  })
})

async function health(): Promise<{ name: string; alive: boolean }[]> {
  const r = await fetch(`${c.zl.gatewayUrl}/api/health`)
  return ((await r.json()) as { cluster: { nodes: { name: string; alive: boolean }[] } }).cluster
    .nodes
}

async function nodeAlive(name: string): Promise<boolean> {
  return (await health()).some((n) => n.name === name && n.alive)
}
