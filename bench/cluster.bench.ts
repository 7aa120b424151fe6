/**
 * `pnpm bench cluster`: a 1 GiB word count (64 × 16 MiB generated objects, the C mapper and
 * reducer compiled to Wasm) on the three-host loopback cluster (Swift on 127.0.0.2–4, 2
 * replicas, a ZeroLab node beside each storage host, the gateway) and on the single-node
 * server with its embedded store, in the same run, through the same execute API. Reports wall
 * time, map locality, bytes read locally / remotely / sent between nodes (goal: moved < 10% of
 * the input) and the peak RSS of every ZeroLab process.
 * Both sides run on the same machine: the single-node server gets as many workers as the
 * three nodes together. Env: BENCH_CLUSTER_OBJECTS, BENCH_CLUSTER_MB (per object),
 * BENCH_CLUSTER_WORKERS (per node), BENCH_CLUSTER_RUNS.
 */
import { readFileSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { JobReport } from '@zerolab/runtime'
import { rng, VOCABULARY } from '@zerolab/examples/data'
import { daemonPid } from '../scripts/cluster/daemons.ts'
import {
  clusterDown,
  daemonDirs,
  freePort,
  swiftUp,
  waitReady,
} from '../scripts/cluster/loopback.ts'
import { zerolabUp } from '../scripts/cluster/zerolab.ts'
import { startDaemon } from '../scripts/cluster/daemons.ts'
import { SwiftClient } from '../apps/server/src/swiftBackend/swiftClient.ts'
import { median, printTable, writeResult } from './lib/report.ts'

const OBJECTS = Number(process.env.BENCH_CLUSTER_OBJECTS ?? 64)
const MB = Number(process.env.BENCH_CLUSTER_MB ?? 16)
const WORKERS = Number(process.env.BENCH_CLUSTER_WORKERS ?? 2)
const RUNS = Number(process.env.BENCH_CLUSTER_RUNS ?? 2)
const repo = join(import.meta.dirname, '..')
const MiB = 1024 * 1024

/** 16 distinct 1 MiB chunks of words; object i is a permutation of them. */
function chunks(): Buffer[] {
  const r = rng(7)
  const out: Buffer[] = []
  for (let c = 0; c < 16; c++) {
    const words: string[] = []
    let size = 0
    while (size < MiB - 16) {
      const w = VOCABULARY[Math.floor(VOCABULARY.length * r() * r())]!
      words.push(w)
      size += w.length + 1
    }
    out.push(Buffer.from(words.join(' ').slice(0, MiB - 1) + '\n'))
  }
  return out
}

function object(parts: Buffer[], i: number): Buffer {
  return Buffer.concat(Array.from({ length: MB }, (_, k) => parts[(i * 7 + k * 3) % parts.length]!))
}

interface Side {
  name: string
  url: string
  client: SwiftClient
  pids: Record<string, number>
}

async function upload(side: Side, parts: Buffer[]): Promise<void> {
  for (const c of ['apps', 'big'])
    (await side.client.request('PUT', `/v1/AUTH_admin/${c}`)).body.resume()
  const src = join(repo, 'examples', 'wordcount-c')
  const put = async (c: string, name: string, body: Buffer): Promise<void> => {
    const r = await side.client.request('PUT', `/v1/AUTH_admin/${c}/${name}`, { body })
    r.body.resume()
    if (r.status !== 201) throw new Error(`${side.name}: PUT ${c}/${name}: ${r.status}`)
  }
  await put('apps', 'wc_map.wasm', readFileSync(join(src, 'map.wasm')))
  await put('apps', 'wc_reduce.wasm', readFileSync(join(src, 'reduce.wasm')))
  let next = 0
  await Promise.all(
    Array.from({ length: 4 }, async () => {
      for (let i = next++; i < OBJECTS; i = next++)
        await put('big', `part-${String(i).padStart(3, '0')}.txt`, object(parts, i))
    }),
  )
}

const JOB = [
  {
    name: 'map',
    exec: { path: 'swift://~/apps/wc_map.wasm' },
    devices: [{ name: 'input', path: 'swift://~/big/*.txt' }],
    connect: ['reduce'],
    limits: { timeoutMs: 300_000 },
  },
  {
    name: 'reduce',
    exec: { path: 'swift://~/apps/wc_reduce.wasm' },
    devices: [{ name: 'stdout' }],
  },
]

async function runOnce(side: Side): Promise<{ ms: number; body: string; report: JobReport }> {
  const t0 = performance.now()
  const r = await fetch(`${side.url}/v1/AUTH_admin`, {
    method: 'POST',
    headers: {
      'X-Auth-Token': side.client.token!,
      'X-Zerovm-Execute': '1.0',
      'Content-Type': 'application/json',
    },
    body: JSON.stringify(JOB),
  })
  const body = await r.text()
  const ms = performance.now() - t0
  if (r.status !== 200 || !/^(ok,)*ok$/.test(r.headers.get('x-nexe-status') ?? ''))
    throw new Error(
      `${side.name}: ${r.status} ${r.headers.get('x-nexe-status')} ${r.headers.get('x-nexe-error')}`,
    )
  const job = await fetch(`${side.url}/api/jobs/${r.headers.get('x-zerolab-job')}`, {
    headers: { 'X-Auth-Token': side.client.token! },
  })
  return { ms, body, report: ((await job.json()) as { report: JobReport }).report }
}

/** Peak resident set (VmHWM) of a process, MiB. */
function peakRssMiB(pid: number): number {
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))
  return m ? Number(m[1]) / 1024 : NaN
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'zerolab-cluster-bench-'))
  try {
    console.log(`cluster bench: ${OBJECTS} × ${MB} MiB, ${WORKERS} workers per node`)
    const swift = await swiftUp({ stateDir: join(dir, 'cluster') })
    const zl = await zerolabUp({ swift, stateDir: swift.stateDir, workers: WORKERS })
    const dirs = daemonDirs(swift.stateDir)
    // The single-node server, as a daemon of the same state dir so `clusterDown` stops it too.
    const port = await freePort('127.0.0.1')
    const singleUrl = `http://127.0.0.1:${port}`
    startDaemon(dirs, {
      name: 'single',
      cmd: process.execPath,
      args: [
        '--import',
        'tsx',
        join(repo, 'apps/server/src/cli/main.ts'),
        'serve',
        '--port',
        String(port),
        '--data',
        join(dir, 'single'),
      ],
      env: {
        ...process.env,
        ZEROLAB_WORKERS: String(WORKERS * zl.nodes.length),
        ZEROLAB_WARM_POOL: '1',
      },
      cwd: repo,
    })
    await waitReady(dirs, 'single', `${singleUrl}/api/health`)
    const pid = (name: string): number => daemonPid(dirs, name)!
    const sides: Side[] = [
      {
        name: 'cluster',
        url: zl.gatewayUrl,
        client: await SwiftClient.login(zl.gatewayUrl, 'admin:admin', 'admin'),
        pids: Object.fromEntries([
          ...zl.nodes.map((n) => [n.name, pid(n.name)]),
          ['gateway', pid('gateway')],
        ]),
      },
      {
        name: 'single',
        url: singleUrl,
        client: await SwiftClient.login(singleUrl, 'admin:admin', 'admin'),
        pids: { server: pid('single') },
      },
    ]
    const parts = chunks()
    for (const s of sides) {
      const t0 = performance.now()
      await upload(s, parts)
      console.log(`${s.name}: uploaded in ${((performance.now() - t0) / 1000).toFixed(1)} s`)
    }
    const inputBytes = OBJECTS * MB * MiB
    const runs: Record<string, { ms: number; body: string; report: JobReport }[]> = {
      cluster: [],
      single: [],
    }
    for (let k = 0; k < RUNS; k++) for (const s of sides) runs[s.name]!.push(await runOnce(s))
    const [c0, s0] = [runs.cluster![0]!, runs.single![0]!]
    if (c0.body !== s0.body) throw new Error('cluster and single-node bodies differ')
    const t = c0.report.totals.cluster!
    const moved = t.bytesReadRemote + t.bytesBetweenNodes
    const clusterMs = median(runs.cluster!.map((r) => r.ms))
    const singleMs = median(runs.single!.map((r) => r.ms))
    const rss = Object.fromEntries(
      sides.flatMap((s) =>
        Object.entries(s.pids).map(([n, p]) => [`${s.name}/${n}`, Math.round(peakRssMiB(p))]),
      ),
    )
    const rows = [
      {
        side: 'cluster (3 nodes)',
        'wall s (median)': clusterMs / 1000,
        'MiB/s': inputBytes / MiB / (clusterMs / 1000),
        'locality %': (100 * t.inputLocal) / t.withInput,
        'read local MiB': t.bytesReadLocal / MiB,
        'read remote MiB': t.bytesReadRemote / MiB,
        'between nodes MiB': t.bytesBetweenNodes / MiB,
        'moved % of input': (100 * moved) / inputBytes,
      },
      {
        side: 'single node',
        'wall s (median)': singleMs / 1000,
        'MiB/s': inputBytes / MiB / (singleMs / 1000),
        'locality %': 100,
        'read local MiB': inputBytes / MiB,
        'read remote MiB': 0,
        'between nodes MiB': 0,
        'moved % of input': 0,
      },
    ]
    printTable(rows)
    printTable(Object.entries(rss).map(([p, mib]) => ({ process: p, 'peak RSS MiB': mib })))
    console.log(`cluster / single wall time: ${(clusterMs / singleMs).toFixed(2)}×`)
    writeResult('cluster', {
      objects: OBJECTS,
      objectMiB: MB,
      inputBytes,
      workersPerNode: WORKERS,
      singleWorkers: WORKERS * zl.nodes.length,
      runs: RUNS,
      note: 'same machine for both sides (2 shared cores): the cluster pays Swift (Python) and HTTP for locality; wall ratio is cluster/single',
      rows,
      wallRatio: clusterMs / singleMs,
      clusterWallMs: runs.cluster!.map((r) => r.ms),
      singleWallMs: runs.single!.map((r) => r.ms),
      clusterTotals: t,
      movedBytes: moved,
      movedFraction: moved / inputBytes,
      peakRssMiB: rss,
    })
  } finally {
    await clusterDown(join(dir, 'cluster'))
    rmSync(dir, { recursive: true, force: true })
  }
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(e)
    process.exit(1)
  },
)
