/**
 * What a job run reports, and the progress events it emits: the engine makes them, the server
 * stores and sends them (`/api/jobs`, SSE), the CLI and the web app show them.
 */
import type { CompileReport } from './compile.ts'
import type { Accounting, ImageKind, InstanceStatus, Validation } from './instance.ts'

/** An object an instance was given to read (which object each mapper read). */
export interface InputReport {
  device: string
  /** `swift://account/container/object`. */
  path: string
  /** The object's size when the job was planned. */
  bytes?: number
}

/** A pipe an instance wrote: where to, how many bytes, the first of them (the per-edge view). */
export interface PipeReport {
  /** `/dev/out/<peer>`. */
  device: string
  /** The reading instance. */
  peer: string
  bytes: number
  /** The first bytes as UTF-8 text (at most 256 bytes). */
  head: string
}

export interface OutputReport {
  device: string
  /** `swift://account/container/object`. */
  path: string
  bytes: number
  etag: string
  committed: boolean
  /** Why an output was not committed (min_size). */
  reason?: string
}

/** Cluster mode: where an instance ran and where its bytes came from. */
export interface Placement {
  /** The node that ran the last attempt. */
  node: string
  /**
   * Whether its attach object (ZeroCloud's rule: the first readable object, or `attach`) was
   * read from a replica on that node's own host; absent when it has no such object.
   */
  inputLocal?: boolean
  /** Runs started (more than 1 when a node was lost and it was run again). */
  attempts: number
  /** Object bytes read from this host's object server. */
  bytesReadLocal: number
  /** Object bytes read through the proxy (from another host). */
  bytesReadRemote: number
  /** Pipe and zvm:// route bytes fetched from nodes on other hosts. */
  bytesFromNodes: number
}

/** Cluster mode: the job's sums over its instances' placements. */
export interface ClusterTotals {
  /** Nodes that ran at least one instance. */
  nodes: string[]
  /** Instances with an attach object, and how many of them read it locally. */
  withInput: number
  inputLocal: number
  bytesReadLocal: number
  bytesReadRemote: number
  /** Pipe and route bytes sent from one node to another. */
  bytesBetweenNodes: number
  /** Attempts beyond the first, over all instances (node losses). */
  retries: number
}

export interface InstanceReport {
  id: number
  name: string
  group: string
  status: InstanceStatus
  exitCode: number
  validation: Validation
  message?: string
  accounting: Accounting
  /** ZeroVM's CDR text (`cdrLine`). */
  cdr: string
  /** MD5 of every written channel, by guest path (ZeroCloud's X-Nexe-Etag pairs). */
  etags: Record<string, string>
  outputs: OutputReport[]
  /** The objects its readable devices were given, in device order. */
  inputs?: InputReport[]
  /** The pipes it wrote, in peer order. */
  pipes?: PipeReport[]
  /** Captured stdout / stderr as UTF-8, at most `captureBytes` each. */
  stdout: string
  stderr: string
  truncated?: { stdout?: boolean; stderr?: boolean }
  /** The path-less device (`/dev/stdout` …) whose non-empty output this instance put in the body. */
  bodyDevice?: string
  bytesIn: number
  bytesOut: number
  wallMs: number
  /** Cluster mode only. */
  placement?: Placement
}

export interface JobTotals {
  instances: number
  byStatus: Partial<Record<InstanceStatus, number>>
  /** Instances that never ran (upstream failed, cancelled). */
  notRun: number
  bytesIn: number
  bytesOut: number
  committed: number
  wallMs: number
  /** Cluster mode only. */
  cluster?: ClusterTotals
}

/** The program one group ran: its image and module hash, and how it compiled (C/C++). */
export interface ProgramReport {
  group: string
  image: ImageKind
  /** MD5 of the module (or of the JS source); absent when the source did not compile. */
  hash?: string
  compile?: CompileReport
}

export interface JobReport {
  status: 'ok' | 'failed' | 'cancelled'
  seed: string
  epochMs: number
  instances: InstanceReport[]
  totals: JobTotals
  warnings: string[]
  /** One per group, in job order. */
  programs?: ProgramReport[]
  /** True when the path-less stdout body was cut at maxBodyBytes. */
  bodyTruncated?: boolean
}

export type JobEvent =
  | { type: 'job-started'; instances: number; groups: { name: string; instances: number }[] }
  | { type: 'instance-queued'; id: number; name: string; group: string }
  | { type: 'instance-started'; id: number; name: string; node?: string }
  | {
      type: 'instance-finished'
      id: number
      name: string
      status: InstanceStatus
      exitCode: number
      bytesIn: number
      bytesOut: number
      wallMs: number
      ran: boolean
      message?: string
      /** Cluster mode: where it ran, and whether its input was read there. */
      node?: string
      inputLocal?: boolean
    }
  /**
   * Live stdout/stderr of a running instance: at most one event per stream every 250 ms,
   * ≤ 16 KiB of text each (a note says how many bytes of a burst were not shown live).
   */
  | { type: 'instance-output'; id: number; name: string; stream: 'stdout' | 'stderr'; text: string }
  | { type: 'job-finished'; status: JobReport['status']; totals: JobTotals }

/** The `instance-finished` event of a report, single-node or cluster (with its placement). */
export function instanceFinished(
  r: InstanceReport,
): Extract<JobEvent, { type: 'instance-finished' }> {
  return {
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
    ...(r.placement ? { node: r.placement.node } : {}),
    ...(r.placement?.inputLocal !== undefined ? { inputLocal: r.placement.inputLocal } : {}),
  }
}
