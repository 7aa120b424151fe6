import type { InstanceReport, JobEvent, JobReport } from '@zerolab/runtime'
import type { InstanceStatus } from '@zerolab/shared'
import type { InstanceResultView, RunEvent } from './runState.ts'

/**
 * Maps the engine's progress events (locally, or relayed by the server over SSE) onto the
 * run view's events. `instance-started` carries no group, so groups are remembered from
 * `instance-queued`.
 */
export class EngineEventAdapter {
  private readonly groups = new Map<string, string>()

  map(e: JobEvent, at: number): RunEvent[] {
    switch (e.type) {
      case 'job-started':
        return []
      case 'instance-queued':
        this.groups.set(e.name, e.group)
        return [{ type: 'queued', at, name: e.name, group: e.group }]
      case 'instance-started': {
        const started: RunEvent = { type: 'started', at, name: e.name, group: this.group(e.name) }
        if (e.node !== undefined) started.node = e.node
        return [started]
      }
      case 'instance-finished': {
        const result: InstanceResultView = {
          status: viewStatus(e.status, e.message),
          exitCode: e.exitCode,
        }
        if (e.message !== undefined) result.message = e.message
        if (!e.ran) result.message = e.message ?? 'not run'
        if (e.node !== undefined) result.node = e.node
        if (e.inputLocal !== undefined) result.inputLocal = e.inputLocal
        return [{ type: 'finished', at, name: e.name, group: this.group(e.name), result }]
      }
      case 'instance-output':
        return [
          {
            type: 'output',
            at,
            name: e.name,
            group: this.group(e.name),
            stream: e.stream,
            text: e.text,
          },
        ]
      case 'job-finished':
        return []
    }
  }

  private group(name: string): string {
    return this.groups.get(name) ?? name.replace(/-\d+$/, '')
  }
}

/** The full per-instance results of a report (stdout, etags, outputs, CDR), then `done`. */
export function reportEvents(report: JobReport, at: number): RunEvent[] {
  const out: RunEvent[] = report.instances.map((i) => ({
    type: 'finished',
    at,
    name: i.name,
    group: i.group,
    result: instanceResult(i),
  }))
  const done: RunEvent = { type: 'done', at, phase: report.status }
  if (report.programs) done.programs = report.programs
  if (report.totals.cluster) done.cluster = report.totals.cluster
  out.push(done)
  return out
}

export function instanceResult(i: InstanceReport): InstanceResultView {
  const r: InstanceResultView = {
    status: viewStatus(i.status, i.message),
    exitCode: i.exitCode,
    accounting: i.accounting,
    cdr: i.cdr,
    stdout: i.stdout,
    stderr: i.stderr,
    etags: i.etags,
    outputs: i.outputs.map((o) => ({
      channel: o.device,
      path: o.path,
      size: o.bytes,
      etag: o.etag,
    })),
  }
  if (i.message !== undefined) r.message = i.message
  if (i.pipes)
    r.pipes = i.pipes.map((x) => ({
      channel: x.device,
      peer: x.peer,
      size: x.bytes,
      head: x.head,
    }))
  if (i.inputs)
    r.inputs = i.inputs.map((x) => ({
      channel: x.device,
      path: x.path,
      ...(x.bytes !== undefined ? { size: x.bytes } : {}),
    }))
  if (i.placement) {
    r.node = i.placement.node
    r.attempts = i.placement.attempts
    if (i.placement.inputLocal !== undefined) r.inputLocal = i.placement.inputLocal
  }
  return r
}

/** The pool and the engine report a cancelled instance as `error` with message `cancelled`. */
function viewStatus(
  status: InstanceStatus,
  message: string | undefined,
): InstanceResultView['status'] {
  return status === 'error' && message === 'cancelled' ? 'cancelled' : status
}
