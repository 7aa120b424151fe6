import { parseJob } from '@zerolab/shared'
import {
  MemorySpool,
  MemoryStore,
  putObject,
  expandJob,
  notRun,
  type InstanceReport,
  type Plan,
} from '@zerolab/runtime'
import { describe, expect, it } from 'vitest'
import { silentLogger } from '../../log.ts'
import type { RunEvent, RunRequest } from '../protocol.ts'
import { ClusterRun } from './clusterRun.ts'
import { NodeLost, type NodeClient } from './nodeClient.ts'
import { NodeRegistry, type ClusterNode } from './nodeRegistry.ts'

type Final = Exclude<RunEvent, { type: 'started' } | { type: 'beat' }>

/** What a scripted node does with one run: a result, or throw NodeLost (it "died"). */
type Script = (req: RunRequest, node: ClusterNode) => Promise<Final>

interface Fake {
  registry: NodeRegistry
  nodes: ClusterNode[]
  /** Every run request, in dispatch order, with the node it went to. */
  runs: { node: string; req: RunRequest }[]
}

const ok = (plan: Plan, req: RunRequest, node: ClusterNode): Final => {
  const r: InstanceReport = {
    ...notRun(plan, req.instance, ''),
    status: 'ok',
    exitCode: 0,
    validation: 0,
  }
  delete r.message
  r.placement = {
    node: node.name,
    attempts: req.attempt,
    bytesReadLocal: 0,
    bytesReadRemote: 0,
    bytesFromNodes: 0,
  }
  return { type: 'finished', report: r }
}

/** Three nodes (n1..n3 on 10.0.0.1..3) answering runs with `script`. */
function fakeCluster(script: Script): Fake {
  const registry = new NodeRegistry(
    ['http://10.0.0.1:1', 'http://10.0.0.2:1', 'http://10.0.0.3:1'],
    'k'.repeat(16),
    silentLogger,
  )
  const runs: Fake['runs'] = []
  for (const [i, n] of registry.nodes.entries()) {
    const client: Partial<NodeClient> = {
      url: n.url,
      putJob: async () => {},
      dropJob: async () => {},
      spool: async () => new Uint8Array(0),
      run: async (_job, req, o) => {
        runs.push({ node: n.name, req })
        o.onStarted()
        return script(req, n)
      },
    }
    n.client = client as NodeClient
    registry.seen(n, {
      name: `n${i + 1}`,
      ips: [`10.0.0.${i + 1}`],
      slots: 2,
      running: 0,
      uptimeMs: 1,
    })
  }
  return { registry, nodes: registry.nodes, runs }
}

/** map over three objects (replicas given by `hosts`), connected to one reduce. */
async function mapReduce(): Promise<Plan> {
  const store = new MemoryStore()
  for (const o of ['a', 'b', 'c']) await putObject(store, `AUTH_t/in/${o}.txt`, new Uint8Array([1]))
  const job = parseJob([
    {
      name: 'map',
      exec: { source: '1' },
      devices: [{ name: 'input', path: 'swift://~/in/*.txt' }],
      connect: ['reduce'],
    },
    { name: 'reduce', exec: { source: '1' }, devices: [{ name: 'stdout' }] },
  ])
  return expandJob(job, store, { account: 'AUTH_t' })
}

function runOf(
  plan: Plan,
  fake: Fake,
  over: { maxAttempts?: number; noNodeMs?: number; signal?: AbortSignal } = {},
) {
  return new ClusterRun({
    jobId: 'j1',
    plan,
    doc: { job: plan.job, account: plan.account, token: 't', programs: [], hasStdin: false },
    hosts: [['10.0.0.1', '10.0.0.2'], ['10.0.0.2', '10.0.0.3'], ['10.0.0.3', '10.0.0.1'], []],
    registry: fake.registry,
    spool: new MemorySpool(),
    emit: () => {},
    signal: over.signal ?? new AbortController().signal,
    maxAttempts: over.maxAttempts ?? 3,
    maxBodyBytes: 1024,
    noNodeMs: over.noNodeMs ?? 30_000,
  })
}

describe('ClusterRun', () => {
  it('puts each map on a node holding a replica, and points the reducer at where its writers ran', async () => {
    const plan = await mapReduce()
    const fake = fakeCluster(async (req, n) => ok(plan, req, n))
    const reports = await runOf(plan, fake).run()
    expect(reports.map((r) => r.status)).toEqual(['ok', 'ok', 'ok', 'ok'])
    const byName = new Map(fake.runs.map((r) => [r.req.instance.name, r]))
    expect(['n1', 'n2']).toContain(byName.get('map-1')!.node)
    expect(['n2', 'n3']).toContain(byName.get('map-2')!.node)
    expect(['n3', 'n1']).toContain(byName.get('map-3')!.node)
    const reduce = byName.get('reduce')!
    for (const m of ['map-1', 'map-2', 'map-3'])
      expect(reduce.req.sources[m]).toBe(
        fake.nodes.find((n) => n.name === byName.get(m)!.node)!.url,
      )
  })

  it('reruns an instance whose node dies under it, elsewhere, counting the attempt', async () => {
    const plan = await mapReduce()
    let killed = false
    const fake = fakeCluster(async (req, n) => {
      if (req.instance.name === 'map-1' && !killed) {
        killed = true
        throw new NodeLost(`${n.name} reset`)
      }
      return ok(plan, req, n)
    })
    const reports = await runOf(plan, fake).run()
    expect(reports.every((r) => r.status === 'ok')).toBe(true)
    const tries = fake.runs.filter((r) => r.req.instance.name === 'map-1')
    expect(tries).toHaveLength(2)
    expect(tries[1]!.node).not.toBe(tries[0]!.node)
    expect(reports[0]!.placement!.attempts).toBe(2)
  })

  it('runs a finished writer again when its node dies before the reader fetched its data', async () => {
    const plan = await mapReduce()
    let releaseMap3!: () => void
    const map3 = new Promise<void>((r) => (releaseMap3 = r))
    const fake = fakeCluster(async (req, n) => {
      if (req.instance.name === 'map-3' && req.attempt === 1) await map3
      return ok(plan, req, n)
    })
    const run = runOf(plan, fake)
    const done = run.run()
    await expect.poll(() => fake.runs.filter((r) => r.req.instance.name !== 'map-3').length).toBe(2)
    await new Promise((r) => setTimeout(r, 10))
    const map1Node = fake.nodes.find(
      (n) => n.name === fake.runs.find((r) => r.req.instance.name === 'map-1')!.node,
    )!
    fake.registry.lost(map1Node, 'test')
    releaseMap3()
    const reports = await done
    expect(reports.every((r) => r.status === 'ok')).toBe(true)
    const map1Runs = fake.runs.filter((r) => r.req.instance.name === 'map-1')
    expect(map1Runs.length).toBeGreaterThanOrEqual(2)
    const last = map1Runs[map1Runs.length - 1]!
    expect(last.node).not.toBe(map1Node.name)
    const reduce = fake.runs.find((r) => r.req.instance.name === 'reduce')!
    expect(reduce.req.sources['map-1']).toBe(fake.nodes.find((n) => n.name === last.node)!.url)
  })

  it('gives up past the retry limit, naming it, and does not run the downstream', async () => {
    const plan = await mapReduce()
    const fake = fakeCluster(async (req, n) => {
      if (req.instance.name === 'map-2') throw new NodeLost(`${n.name} reset`)
      return ok(plan, req, n)
    })
    const reports = await runOf(plan, fake, { maxAttempts: 2 }).run()
    const map2 = reports.find((r) => r.name === 'map-2')!
    expect(map2.status).toBe('error')
    expect(map2.message).toMatch(/node lost 2 times, gave up/)
    const reduce = reports.find((r) => r.name === 'reduce')!
    expect(reduce.validation).toBe(2)
    expect(reduce.message).toMatch(/upstream map-2/)
  })

  it('runs the writer again when a reader cannot fetch its pipe data, without charging the reader', async () => {
    const plan = await mapReduce()
    let lost = false
    const fake = fakeCluster(async (req, n) => {
      if (req.instance.name === 'reduce' && !lost) {
        lost = true
        return { type: 'lost-input', from: 'map-2', message: 'gone' }
      }
      return ok(plan, req, n)
    })
    const reports = await runOf(plan, fake).run()
    expect(reports.every((r) => r.status === 'ok')).toBe(true)
    expect(fake.runs.filter((r) => r.req.instance.name === 'map-2')).toHaveLength(2)
    expect(reports.find((r) => r.name === 'reduce')!.placement!.attempts).toBe(1)
  })

  it('fails what is left when no node is up for noNodeMs', async () => {
    const plan = await mapReduce()
    const fake = fakeCluster(async (req, n) => ok(plan, req, n))
    for (const n of fake.nodes) fake.registry.lost(n, 'test')
    const reports = await runOf(plan, fake, { noNodeMs: 50 }).run()
    expect(reports.every((r) => r.status === 'error')).toBe(true)
    expect(reports[0]!.message).toMatch(/no ZeroLab node reachable/)
  })

  it('stops on cancel', async () => {
    const plan = await mapReduce()
    const ac = new AbortController()
    const fake = fakeCluster(() => new Promise<never>(() => {}))
    const done = runOf(plan, fake, { signal: ac.signal }).run()
    await expect.poll(() => fake.runs.length).toBeGreaterThan(0)
    ac.abort()
    const reports = await done
    expect(reports.every((r) => r.message === 'cancelled')).toBe(true)
  })
})
