import { ZeroLabError, type ProgramRef } from '@zerolab/shared'
import {
  pipeKey,
  routeKey,
  runPlannedInstance,
  type Executor,
  type InstanceReport,
  type Plan,
} from '@zerolab/runtime'
import { drain, httpRequest, type HttpResponse } from '../../swiftBackend/httpClient.ts'
import { SwiftStore } from '../../swiftBackend/swiftStore.ts'
import { CLUSTER_KEY_HEADER, CLUSTER_PREFIX, type RunRequest } from '../protocol.ts'
import type { NodeJob, NodeJobs } from './nodeJobs.ts'

/** Bytes of captured stdout/stderr kept per instance (as on the single-node server). */
const CAPTURE_BYTES = 16 * 1024
/** Largest pipe or route entry fetched from a peer node. */
const MAX_FETCH_BYTES = 1024 * 1024 * 1024

export interface NodeEnv {
  name: string
  localIps: ReadonlySet<string>
  executor: Executor
  jobs: NodeJobs
  clusterKey: string
  tmpDir?: string
}

/** A peer's pipe data could not be fetched: the gateway must run its writer again. */
export class LostInput extends Error {
  constructor(
    readonly from: string,
    message: string,
  ) {
    super(message)
  }
}

async function fetchEntry(
  env: NodeEnv,
  job: NodeJob,
  from: { peer: string; url: string; key: string },
): Promise<number> {
  const url = `${from.url}${CLUSTER_PREFIX}/jobs/${encodeURIComponent(job.id)}/spool?key=${encodeURIComponent(from.key)}`
  let res: HttpResponse
  try {
    res = await httpRequest(url, {
      method: 'GET',
      headers: { [CLUSTER_KEY_HEADER]: env.clusterKey },
    })
  } catch (e) {
    throw new LostInput(
      from.peer,
      `${from.key} from ${from.url}: ${e instanceof Error ? e.message : String(e)}`,
    )
  }
  if (res.status !== 200) {
    await drain(res)
    throw new LostInput(from.peer, `${from.key} from ${from.url}: answered ${res.status}`)
  }
  const parts: Buffer[] = []
  let size = 0
  try {
    for await (const c of res.body as AsyncIterable<Buffer>) {
      size += c.length
      if (size > MAX_FETCH_BYTES) {
        res.body.destroy()
        throw new ZeroLabError('PAYLOAD_TOO_LARGE', `${from.key}: over ${MAX_FETCH_BYTES} bytes`)
      }
      parts.push(c)
    }
  } catch (e) {
    if (e instanceof ZeroLabError) throw e
    throw new LostInput(
      from.peer,
      `${from.key} from ${from.url}: ${e instanceof Error ? e.message : String(e)}`,
    )
  }
  await job.spool.put(from.key, new Uint8Array(Buffer.concat(parts)))
  return size
}

/**
 * Runs one instance of a job on this node: pipe and route data of writers that ran on other
 * nodes is fetched into this job's spool first, object inputs are read from this host's object
 * server where it holds a replica, outputs go through the proxy (at `ok` only), and the pipe
 * data it writes stays here for its readers to fetch.
 */
export async function runOnNode(
  env: NodeEnv,
  job: NodeJob,
  req: RunRequest,
  signal: AbortSignal,
): Promise<InstanceReport> {
  const inst = req.instance
  const wanted = [
    ...inst.inPeers.map((p) => ({ peer: p, key: pipeKey(p, inst.name) })),
    ...inst.zvmIn.map((z) => ({ peer: z.source, key: routeKey(z.source, z.fromAlias) })),
  ]
  let bytesFromNodes = 0
  for (const w of wanted) {
    const url = req.sources[w.peer]
    if (!url) throw new ZeroLabError('INVALID_REQUEST', `no source node for ${w.peer}`, 'sources')
    if (url === req.self) continue // written here
    bytesFromNodes += await fetchEntry(env, job, { ...w, url })
  }
  const client = env.jobs.client(job)
  const store = new SwiftStore(client, {
    localIps: env.localIps,
    ...(env.tmpDir ? { tmpDir: env.tmpDir } : {}),
  })
  const programs: ProgramRef[] = []
  // Its own store: program bytes are not the instance's input in the report's byte counts.
  programs[inst.groupIndex] = await env.jobs.program(
    job,
    inst.groupIndex,
    new SwiftStore(client, { localIps: env.localIps }),
  )
  const plan: Plan = { job: job.doc.job, account: job.doc.account, instances: [inst], warnings: [] }
  const report = await runPlannedInstance(plan, inst, {
    store,
    executor: env.executor,
    spool: job.spool,
    emit: () => {},
    programs,
    signal,
    captureBytes: CAPTURE_BYTES,
    ...(job.stdin ? { stdin: job.stdin } : {}),
  })
  const a = inst.attached?.mode === 'read' ? inst.attached.object : undefined
  let inputLocal: boolean | undefined
  if (a) {
    const ep = await client.endpoints(a.account, a.container, a.object).catch(() => undefined)
    inputLocal = ep?.urls.some((u) => env.localIps.has(new URL(u).hostname)) ?? false
  }
  report.placement = {
    node: env.name,
    attempts: req.attempt,
    bytesReadLocal: store.stats.localBytes,
    bytesReadRemote: store.stats.remoteBytes,
    bytesFromNodes,
    ...(inputLocal !== undefined ? { inputLocal } : {}),
  }
  return report
}
