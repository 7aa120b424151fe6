import {
  cdrLine,
  emptyAccounting,
  groupOrder,
  swiftUrl,
  type InstanceResult,
  type InstanceStatus,
  type Job,
  type JobCaps,
  type ProgramRef,
} from '@zerolab/shared'
import { putObject } from '../store/objectIo.ts'
import { DEFAULT_CONTENT_TYPE, type ObjectStore } from '../store/objectStore.ts'
import { buildSpec, pipeKey, routeKey } from './buildSpec.ts'
import type { Executor } from './executor.ts'
import { expandJob } from './expand.ts'
import type { Plan, PlannedInstance } from './plan.ts'
import { loadProgram } from './program.ts'
import type { InstanceReport, JobEvent, JobReport, JobTotals, OutputReport } from '@zerolab/shared'
import { MemorySpool, type Spool } from './spool.ts'

export interface RunJobOptions {
  store: ObjectStore
  executor: Executor
  /** The caller's account (`~` / `.`). */
  account: string
  /** Instances in flight at once; default 4 (pass the pool size). */
  concurrency?: number
  /** Pipe data and stdout bodies are parked here; default in memory. Closed at the end. */
  spool?: Spool
  signal?: AbortSignal
  onEvent?: (e: JobEvent) => void
  /** Body of a path-less stdin (ZeroCloud's POST body). */
  stdin?: Uint8Array
  /** Cap of captured stdout/stderr per instance in the report; default 64 KiB. */
  captureBytes?: number
  /** Cap of the returned path-less stdout body; default 64 MiB. */
  maxBodyBytes?: number
  /** Caps on instances, pipes, listings and expansion time; default JOB_CAPS. */
  caps?: JobCaps
}

export interface JobRunResult {
  report: JobReport
  /**
   * ZeroCloud's response body: per instance that ran (failed ones too), the output of its
   * first declared path-less writable device (stdout, stderr or output), empty ones
   * skipped, in instance order.
   */
  body: Uint8Array
}

const EMPTY = new Uint8Array(0)
const utf8 = new TextDecoder()

function capture(bytes: Uint8Array | undefined, cap: number): { text: string; cut: boolean } {
  const b = bytes ?? EMPTY
  const cut = b.length > cap
  return { text: b.length ? utf8.decode(cut ? b.subarray(0, cap) : b) : '', cut }
}

/** Expands and runs a job; see runPlan. */
export async function runJob(job: Job, opts: RunJobOptions): Promise<JobRunResult> {
  groupOrder(job) // pipes are batch: a cycle cannot run, reject it before anything starts
  const plan = await expandJob(job, opts.store, {
    account: opts.account,
    ...(opts.caps ? { caps: opts.caps } : {}),
    ...(opts.signal ? { signal: opts.signal } : {}),
  })
  return runPlan(plan, opts)
}

/**
 * Runs an expanded job: instances start when every upstream instance has ended `ok`, at most
 * `concurrency` at a time, in id order among the ready ones. Outputs are committed only for
 * instances that end `ok`; downstream instances of a failed one are not run.
 */
async function runPlan(plan: Plan, opts: RunJobOptions): Promise<JobRunResult> {
  const started = Date.now()
  const spool = opts.spool ?? new MemorySpool()
  const emit = (e: JobEvent): void => {
    try {
      opts.onEvent?.(e)
    } catch {
      // a watcher's failure must not break the job
    }
  }
  try {
    const programs: ProgramRef[] = []
    for (let gi = 0; gi < plan.job.groups.length; gi++) {
      programs.push(await loadProgram(plan.job.groups[gi]!, gi, opts.store, plan.account))
    }
    const n = plan.instances.length
    emit({
      type: 'job-started',
      instances: n,
      groups: plan.job.groups.map((g, gi) => ({
        name: g.name,
        instances: plan.instances.filter((i) => i.groupIndex === gi).length,
      })),
    })
    const reports = await schedule(plan, { ...opts, spool, emit, programs })
    const report = finishReport(plan, reports, Date.now() - started, opts.signal?.aborted === true)
    const body = await collectBody(plan, spool, opts.maxBodyBytes ?? 64 * 1024 * 1024)
    if (body.cut) report.bodyTruncated = true
    emit({ type: 'job-finished', status: report.status, totals: report.totals })
    return { report, body: body.data }
  } finally {
    await spool.close()
  }
}

/** What running one planned instance needs (the engine's scheduler, or a cluster node). */
export interface InstanceRunContext {
  store: ObjectStore
  executor: Executor
  spool: Spool
  emit: (e: JobEvent) => void
  /** The program of each group, by group index. */
  programs: ProgramRef[]
  signal?: AbortSignal
  stdin?: Uint8Array
  captureBytes?: number
}

type SchedContext = RunJobOptions & InstanceRunContext

function schedule(plan: Plan, ctx: SchedContext): Promise<InstanceReport[]> {
  const insts = plan.instances
  const n = insts.length
  const concurrency = Math.max(1, ctx.concurrency ?? 4)
  const reports: InstanceReport[] = new Array(n)
  const pending = new Int32Array(n)
  const dependents: number[][] = Array.from({ length: n }, () => [])
  const blockedBy: (string | undefined)[] = new Array(n)
  insts.forEach((inst, i) => {
    const ups = [...new Set(inst.upstream)]
    pending[i] = ups.length
    for (const u of ups) dependents[u - 1]!.push(i)
  })
  const ready: number[] = []
  let next = 0
  let active = 0
  let done = 0
  const groupName = (i: number): string => plan.job.groups[insts[i]!.groupIndex]!.name

  return new Promise((resolve) => {
    const enqueue = (i: number): void => {
      ready.push(i)
      ctx.emit({ type: 'instance-queued', id: i + 1, name: insts[i]!.name, group: groupName(i) })
    }
    const finish = (i: number, r: InstanceReport): void => {
      reports[i] = r
      done++
      ctx.emit({
        type: 'instance-finished',
        id: r.id,
        name: r.name,
        status: r.status,
        exitCode: r.exitCode,
        bytesIn: r.bytesIn,
        bytesOut: r.bytesOut,
        wallMs: r.wallMs,
        ran: r.validation !== 2,
        ...(r.message !== undefined ? { message: r.message } : {}),
      })
      for (const j of dependents[i]!) {
        if (r.status !== 'ok' && blockedBy[j] === undefined)
          blockedBy[j] = `${r.name} ended ${r.status}`
        if (--pending[j]! === 0) {
          if (blockedBy[j] !== undefined)
            finish(j, notRun(plan, insts[j]!, `not run: upstream ${blockedBy[j]}`))
          else enqueue(j)
        }
      }
    }
    const pump = (): void => {
      const aborted = ctx.signal?.aborted === true
      while (!aborted && active < concurrency && next < ready.length) {
        const i = ready[next++]!
        active++
        runPlannedInstance(plan, insts[i]!, ctx)
          .then((r) => finish(i, r))
          .finally(() => {
            active--
            pump()
          })
      }
      if (done === n || (aborted && active === 0)) {
        for (let i = 0; i < n; i++)
          if (!reports[i]) reports[i] = notRun(plan, insts[i]!, 'cancelled')
        resolve(reports)
      }
    }
    ctx.signal?.addEventListener('abort', pump, { once: true })
    insts.forEach((_, i) => {
      if (pending[i] === 0) enqueue(i)
    })
    pump()
  })
}

/** The report of an instance that never ran (validation 2). */
export function notRun(plan: Plan, inst: PlannedInstance, message: string): InstanceReport {
  return {
    id: inst.id,
    name: inst.name,
    group: plan.job.groups[inst.groupIndex]!.name,
    status: 'error',
    exitCode: -1,
    validation: 2,
    message,
    accounting: emptyAccounting(),
    cdr: cdrLine(emptyAccounting()),
    etags: {},
    outputs: [],
    stdout: '',
    stderr: '',
    bytesIn: 0,
    bytesOut: 0,
    wallMs: 0,
  }
}

/**
 * Runs one planned instance: builds its spec (inputs from the store, pipe data from the
 * spool), runs it, and for `ok` commits its outputs (objects to the store, pipe data and the
 * path-less body to the spool). Used by the scheduler here and by cluster nodes.
 */
export async function runPlannedInstance(
  plan: Plan,
  inst: PlannedInstance,
  ctx: InstanceRunContext,
): Promise<InstanceReport> {
  ctx.emit({ type: 'instance-started', id: inst.id, name: inst.name })
  let result: InstanceResult
  try {
    const spec = await buildSpec(inst, {
      plan,
      store: ctx.store,
      spool: ctx.spool,
      program: ctx.programs[inst.groupIndex]!,
      ...(ctx.stdin ? { stdin: ctx.stdin } : {}),
    })
    for (const peer of inst.inPeers) await ctx.spool.delete(pipeKey(peer, inst.name))
    result = await ctx.executor.run(spec, {
      owner: plan.account,
      ...(ctx.signal ? { signal: ctx.signal } : {}),
    })
  } catch (e) {
    const r = notRun(plan, inst, e instanceof Error ? e.message : String(e))
    r.validation = 0
    return r
  }
  const report = instanceReport(plan, inst, result, ctx.captureBytes ?? 64 * 1024)
  // The immediate device comes back whatever the status (ZeroCloud streamed it from every
  // object server); objects and pipes are committed only for `ok`.
  const immediate = inst.devices.find((d) => d.mode === 'write' && !d.object && !d.routed)
  const bodyPart = immediate ? result.outputs[immediate.alias] : undefined
  if (immediate && bodyPart?.length) {
    await ctx.spool.put(`body:${inst.id}`, bodyPart)
    report.bodyDevice = immediate.alias
  }
  if (result.status !== 'ok') return report
  try {
    report.outputs = await commit(plan, inst, result, ctx)
  } catch (e) {
    report.status = 'error'
    report.message = `commit failed: ${e instanceof Error ? e.message : String(e)}`
  }
  return report
}

function instanceReport(
  plan: Plan,
  inst: PlannedInstance,
  r: InstanceResult,
  cap: number,
): InstanceReport {
  const a = r.accounting
  const out = capture(r.outputs['/dev/stdout'], cap)
  const err = capture(r.outputs['/dev/stderr'], cap)
  const report: InstanceReport = {
    id: inst.id,
    name: inst.name,
    group: plan.job.groups[inst.groupIndex]!.name,
    status: r.status,
    exitCode: r.exitCode,
    validation: r.validation,
    accounting: a,
    cdr: cdrLine(a),
    etags: r.etags,
    outputs: [],
    stdout: out.text,
    stderr: err.text,
    bytesIn: a.readBytes + a.pipeReadBytes,
    bytesOut: a.writeBytes + a.pipeWriteBytes,
    wallMs: a.wallMs,
  }
  if (r.message !== undefined) report.message = r.message
  if (out.cut || err.cut) report.truncated = { stdout: out.cut, stderr: err.cut }
  return report
}

async function commit(
  plan: Plan,
  inst: PlannedInstance,
  r: InstanceResult,
  ctx: InstanceRunContext,
): Promise<OutputReport[]> {
  for (const peer of inst.outPeers) {
    await ctx.spool.put(pipeKey(inst.name, peer), r.outputs[`/dev/out/${peer}`] ?? EMPTY)
  }
  const outputs: OutputReport[] = []
  for (const d of inst.devices) {
    if (d.mode !== 'write') continue
    const data = r.outputs[d.alias] ?? EMPTY
    if (d.routed) {
      await ctx.spool.put(routeKey(inst.name, d.alias), data)
      continue
    }
    if (!d.object) continue // path-less: the body (runPlannedInstance)
    const o = d.object
    const path = swiftUrl(o.account, o.container, o.object)
    const min = d.device.min_size
    if (min !== undefined && data.length < min) {
      outputs.push({
        device: d.alias,
        path,
        bytes: data.length,
        etag: r.etags[d.alias] ?? '',
        committed: false,
        reason: `smaller than min_size ${min}`,
      })
      continue
    }
    const put: { contentType: string; meta?: Record<string, string> } = {
      contentType: d.device.content_type ?? DEFAULT_CONTENT_TYPE,
    }
    if (d.device.meta) put.meta = d.device.meta
    const info = await putObject(ctx.store, `${o.account}/${o.container}/${o.object}`, data, put)
    outputs.push({ device: d.alias, path, bytes: data.length, etag: info.etag, committed: true })
  }
  return outputs
}

/** The job report from every instance's report. */
export function finishReport(
  plan: Plan,
  reports: InstanceReport[],
  wallMs: number,
  cancelled: boolean,
): JobReport {
  const byStatus: Partial<Record<InstanceStatus, number>> = {}
  const totals: JobTotals = {
    instances: reports.length,
    byStatus,
    notRun: 0,
    bytesIn: 0,
    bytesOut: 0,
    committed: 0,
    wallMs,
  }
  for (const r of reports) {
    byStatus[r.status] = (byStatus[r.status] ?? 0) + 1
    if (r.validation === 2) totals.notRun++
    totals.bytesIn += r.bytesIn
    totals.bytesOut += r.bytesOut
    totals.committed += r.outputs.filter((o) => o.committed).length
  }
  const allOk = reports.every((r) => r.status === 'ok')
  return {
    status: cancelled ? 'cancelled' : allOk ? 'ok' : 'failed',
    seed: plan.job.seed,
    epochMs: plan.job.epochMs,
    instances: reports,
    totals,
    warnings: plan.warnings,
  }
}

/** ZeroCloud's response body from the `body:<id>` spool entries (see JobRunResult.body). */
export async function collectBody(
  plan: Plan,
  spool: Spool,
  max: number,
): Promise<{ data: Uint8Array; cut: boolean }> {
  const parts: Uint8Array[] = []
  let size = 0
  let cut = false
  for (const inst of plan.instances) {
    const b = await spool.get(`body:${inst.id}`)
    if (!b.length) continue
    const room = max - size
    if (b.length > room) {
      parts.push(b.subarray(0, room))
      size += room
      cut = true
      break
    }
    parts.push(b)
    size += b.length
  }
  const out = new Uint8Array(size)
  let at = 0
  for (const p of parts) {
    out.set(p, at)
    at += p.length
  }
  return { data: out, cut }
}
