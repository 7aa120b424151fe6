import {
  cdrLine,
  emptyAccounting,
  groupOrder,
  instanceFinished,
  isCompiledLang,
  swiftUrl,
  type InstanceResult,
  type InstanceStatus,
  type Job,
  type JobCaps,
  type ProgramRef,
} from '@zerolab/shared'
import { HOST_ETAG } from '../sandbox/common/channels.ts'
import { failedResult } from '../sandbox/common/failedResult.ts'
import type { ObjectStore } from '../store/objectStore.ts'
import { closeInstance, openInstance, pipeKey, type OpenedInstance } from './buildSpec.ts'
import type { CaptureSink } from './channelEnds.ts'
import { compileProgram, type CompileSource, type ProgramFailure } from './compiledProgram.ts'
import type { Executor } from './executor.ts'
import { expandJob } from './expand.ts'
import { canStream, HostIo, readWhole, writeInlineOutputs } from './hostIo.ts'
import type { GangWatch } from './deadlock.ts'
import type { PipeRelay } from './pipeRelay.ts'
import type { Plan, PlannedInstance } from './plan.ts'
import { checkGangs, schedule } from './schedule.ts'
import { loadProgram } from './program.ts'
import type {
  InputReport,
  InstanceReport,
  JobEvent,
  JobReport,
  JobTotals,
  OutputReport,
  ProgramReport,
} from '@zerolab/shared'
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
  /** Compiles C/C++ stages (`exec.lang` "c" / "cpp"); without it such a job is UNSUPPORTED. */
  compile?: CompileSource
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

const utf8 = new TextDecoder()

/** Expands and runs a job; see runPlan. */
export async function runJob(job: Job, opts: RunJobOptions): Promise<JobRunResult> {
  // Without streaming channels pipes are batch: a cycle cannot run, refused before it starts.
  if (!opts.executor.streams || !canStream()) groupOrder(job)
  const plan = await expandJob(job, opts.store, {
    account: opts.account,
    ...(opts.caps ? { caps: opts.caps } : {}),
    ...(opts.signal ? { signal: opts.signal } : {}),
  })
  checkGangs(plan) // a cycle too large to run at once is refused before anything starts
  return runPlan(plan, opts)
}

/**
 * Runs an expanded job: instances start when every upstream instance has ended (whatever its
 * status: a reader sees what its writer wrote, then end-of-file), at most `concurrency` at a
 * time, in id order among the ready ones. Channels stream (engine/hostIo.ts); outputs are
 * committed only for instances that end `ok`.
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
    const { programs, reports: programReports } = await loadPrograms(plan, opts)
    const n = plan.instances.length
    emit({
      type: 'job-started',
      instances: n,
      groups: plan.job.groups.map((g, gi) => ({
        name: g.name,
        instances: plan.instances.filter((i) => i.groupIndex === gi).length,
      })),
    })
    const reports = await scheduleJob(plan, { ...opts, spool, emit, programs })
    const report = finishReport(plan, reports, Date.now() - started, opts.signal?.aborted === true)
    report.programs = programReports
    const body = await collectBody(plan, spool, opts.maxBodyBytes ?? 64 * 1024 * 1024)
    if (body.cut) report.bodyTruncated = true
    emit({ type: 'job-finished', status: report.status, totals: report.totals })
    return { report, body: body.data }
  } finally {
    await spool.close()
  }
}

/** Each group's program: loaded from the store or inline, or compiled from C/C++. */
async function loadPrograms(
  plan: Plan,
  opts: RunJobOptions,
): Promise<{ programs: (ProgramRef | ProgramFailure)[]; reports: ProgramReport[] }> {
  const programs: (ProgramRef | ProgramFailure)[] = []
  const reports: ProgramReport[] = []
  for (let gi = 0; gi < plan.job.groups.length; gi++) {
    const g = plan.job.groups[gi]!
    if (isCompiledLang(g.exec.lang)) {
      const { program, report } = await compileProgram(g, gi, opts.compile, opts.signal)
      programs.push(program)
      const hash = 'failed' in program ? {} : { hash: program.hash }
      reports.push({ group: g.name, image: 'wasm', ...hash, compile: report })
    } else {
      const program = await loadProgram(g, gi, opts.store, plan.account)
      programs.push(program)
      reports.push({ group: g.name, image: program.image, hash: program.hash })
    }
  }
  return { programs, reports }
}

/** What running one planned instance needs (the engine's scheduler, or a cluster node). */
export interface InstanceRunContext {
  store: ObjectStore
  executor: Executor
  spool: Spool
  emit: (e: JobEvent) => void
  /** The program of each group, by group index. */
  programs: (ProgramRef | ProgramFailure)[]
  signal?: AbortSignal
  stdin?: Uint8Array
  captureBytes?: number
  /** Cap of one instance's part of the path-less response body; default 64 MiB. */
  maxBodyBytes?: number
  /** Live pipes to and from instances running at the same time (its gang), by pipeKey. */
  relays?: Map<string, PipeRelay>
  /** The deadlock check of its gang. */
  watch?: GangWatch
}

type SchedContext = RunJobOptions & InstanceRunContext

function scheduleJob(plan: Plan, ctx: SchedContext): Promise<InstanceReport[]> {
  const insts = plan.instances
  const groupName = (i: number): string => plan.job.groups[insts[i]!.groupIndex]!.name
  const grow = ctx.executor.grow?.bind(ctx.executor)
  return schedule(plan, {
    concurrency: Math.max(1, ctx.concurrency ?? 4),
    ...(ctx.signal ? { signal: ctx.signal } : {}),
    ...(grow ? { grow } : {}),
    queued: (i) =>
      ctx.emit({ type: 'instance-queued', id: i + 1, name: insts[i]!.name, group: groupName(i) }),
    run: (i, relays, watch) =>
      runPlannedInstance(plan, insts[i]!, { ...ctx, relays, ...(watch ? { watch } : {}) }),
    finished: (_i, r) => ctx.emit(instanceFinished(r)),
    notRun: (i, why) => notRun(plan, insts[i]!, why),
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

/** An instance of a group whose source did not compile: rejected like an invalid module. */
function uncompiled(plan: Plan, inst: PlannedInstance, f: ProgramFailure): InstanceReport {
  const r = notRun(plan, inst, f.message)
  r.status = 'invalid'
  r.validation = 1
  r.exitCode = 0
  r.stderr = f.log
  return r
}

/**
 * Runs one planned instance: opens its channels (inputs stream from the store, the spool and
 * the request body; outputs into temporary objects, the spool and the report's capture), runs
 * it, and commits its object outputs only when it ends `ok` (aborts them otherwise). Pipe
 * data it wrote stays in the spool for its readers whatever its status, as in ZeroCloud.
 * Used by the scheduler here and by cluster nodes.
 */
export async function runPlannedInstance(
  plan: Plan,
  inst: PlannedInstance,
  ctx: InstanceRunContext,
): Promise<InstanceReport> {
  ctx.emit({ type: 'instance-started', id: inst.id, name: inst.name })
  const program = ctx.programs[inst.groupIndex]!
  if ('failed' in program) {
    // Its readers still run, and see end-of-file.
    for (const peer of inst.outPeers) ctx.relays?.get(pipeKey(inst.name, peer))?.end()
    for (const peer of inst.inPeers) await ctx.relays?.get(pipeKey(peer, inst.name))?.source.close()
    return uncompiled(plan, inst, program)
  }
  let opened: OpenedInstance
  try {
    opened = await openInstance(inst, {
      plan,
      store: ctx.store,
      spool: ctx.spool,
      program,
      captureBytes: ctx.captureBytes ?? 64 * 1024,
      bodyBytes: ctx.maxBodyBytes ?? 64 * 1024 * 1024,
      ...(ctx.relays ? { relays: ctx.relays } : {}),
      live: (stream, text) =>
        ctx.emit({ type: 'instance-output', id: inst.id, name: inst.name, stream, text }),
      ...(ctx.stdin ? { stdin: ctx.stdin } : {}),
    })
  } catch (e) {
    // Its live peers go on: readers see end-of-file, writers' bytes are dropped.
    for (const peer of inst.outPeers) ctx.relays?.get(pipeKey(inst.name, peer))?.end()
    for (const peer of inst.inPeers) await ctx.relays?.get(pipeKey(peer, inst.name))?.source.close()
    const r = notRun(plan, inst, e instanceof Error ? e.message : String(e))
    r.validation = 0
    return r
  }
  let result: InstanceResult
  let ioError: unknown
  try {
    result = await runOpened(opened, { ...ctx, owner: plan.account })
  } catch (e) {
    ioError = e
    result = failedResult(inst.name, { status: 'error', message: errorText(e) })
  }
  // Its readers in the gang see end-of-file once they took the rest.
  for (const peer of inst.outPeers) ctx.relays?.get(pipeKey(inst.name, peer))?.end()
  opened.stdout?.flushLive()
  opened.stderr?.flushLive()
  for (const peer of inst.inPeers) await ctx.spool.delete(pipeKey(peer, inst.name))
  const report = instanceReport(plan, inst, result, opened)
  if (ioError !== undefined) report.message = `channel I/O failed: ${errorText(ioError)}`
  if (opened.body && opened.body.sink.total > 0) report.bodyDevice = opened.body.alias
  if (result.status !== 'ok') {
    await closeInstance(opened)
    return report
  }
  try {
    report.outputs = await commit(opened, result)
  } catch (e) {
    await closeInstance(opened)
    report.status = 'error'
    report.message = `commit failed: ${errorText(e)}`
  }
  return report
}

const errorText = (e: unknown): string => (e instanceof Error ? e.message : String(e))

/**
 * Runs an opened instance on the executor: streaming through shared rings where the platform
 * has shared memory, else (a page without cross-origin isolation) with inputs read whole into
 * the spec and outputs handed back whole.
 */
async function runOpened(
  o: OpenedInstance,
  ctx: InstanceRunContext & { owner: string },
): Promise<InstanceResult> {
  const opts = { owner: ctx.owner, ...(ctx.signal ? { signal: ctx.signal } : {}) }
  if (!ctx.executor.streams || !canStream()) {
    for (const c of o.channels) if (c.source) c.spec.data = await readWhole(c.source, INLINE_MAX)
    const result = await ctx.executor.run(o.spec, opts)
    await writeInlineOutputs(o.channels, result)
    await Promise.all(o.channels.map((c) => c.source?.close()))
    return result
  }
  const io = new HostIo(o.channels)
  o.spec.io = io.ctl
  io.start()
  const name = o.spec.name
  const specs = o.spec.channels
  ctx.watch?.add(
    name,
    io,
    specs.map((c) => c.alias),
    specs.map((c) => c.kind === 'pipe'),
  )
  let result: InstanceResult
  try {
    result = await ctx.executor.run(o.spec, opts)
  } finally {
    ctx.watch?.remove(name)
    await io.finish()
  }
  // Streamed outputs were hashed here as they arrived; the worker only says which.
  for (const [alias, etag] of Object.entries(result.etags)) {
    if (etag !== HOST_ETAG) continue
    const digest = io.etag(alias)
    if (digest !== undefined) result.etags[alias] = digest
    else delete result.etags[alias]
  }
  const reason = ctx.watch?.reasons.get(name)
  if (reason !== undefined) {
    result.status = 'deadlock'
    result.message = reason
  }
  // Only a worker's own 'ok' answer proves it let go of the shared buffers.
  if (result.status === 'ok') io.recycle()
  return result
}

/** Inputs read whole for an inline run (no shared memory) are capped at this size. */
const INLINE_MAX = 256 * 1024 * 1024

function instanceReport(
  plan: Plan,
  inst: PlannedInstance,
  r: InstanceResult,
  o: OpenedInstance,
): InstanceReport {
  const a = r.accounting
  const out = text(o.stdout)
  const err = text(o.stderr)
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
  const inputs = inputsOf(inst)
  if (inputs.length) report.inputs = inputs
  if (o.pipes.length)
    report.pipes = o.pipes.map((p) => ({
      device: p.alias,
      peer: p.peer,
      bytes: p.tap.bytes,
      head: utf8.decode(p.tap.head()),
    }))
  if (out.cut || err.cut) report.truncated = { stdout: out.cut, stderr: err.cut }
  return report
}

function inputsOf(inst: PlannedInstance): InputReport[] {
  const inputs: InputReport[] = []
  for (const d of inst.devices) {
    if (d.mode !== 'read' || !d.object) continue
    const input: InputReport = {
      device: d.alias,
      path: swiftUrl(d.object.account, d.object.container, d.object.object),
    }
    if (d.info) input.bytes = d.info.bytes
    inputs.push(input)
  }
  return inputs
}

function text(sink: CaptureSink | undefined): { text: string; cut: boolean } {
  if (!sink) return { text: '', cut: false }
  const { bytes, cut } = sink.captured()
  return { text: bytes.length ? utf8.decode(bytes) : '', cut }
}

async function commit(o: OpenedInstance, r: InstanceResult): Promise<OutputReport[]> {
  const outputs: OutputReport[] = []
  for (const { device: d, sink } of o.objects) {
    const obj = d.object!
    const path = swiftUrl(obj.account, obj.container, obj.object)
    const bytes = sink.writer.bytes
    const min = d.device.min_size
    if (min !== undefined && bytes < min) {
      await sink.abort()
      outputs.push({
        device: d.alias,
        path,
        bytes,
        etag: r.etags[d.alias] ?? '',
        committed: false,
        reason: `smaller than min_size ${min}`,
      })
      continue
    }
    const info = await sink.commit()
    r.etags[d.alias] ??= info.etag
    outputs.push({ device: d.alias, path, bytes, etag: info.etag, committed: true })
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
