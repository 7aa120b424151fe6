/**
 * The gateway ↔ node protocol (HTTP + JSON, inside the cluster network). Every request but
 * `health` carries the shared secret in `X-Zerolab-Cluster-Key`.
 *
 *   GET    /cluster/v1/health                       NodeHealth
 *   PUT    /cluster/v1/jobs/:job                    JobDoc (once per job and node)
 *   PUT    /cluster/v1/jobs/:job/stdin              raw bytes: the path-less stdin
 *   POST   /cluster/v1/jobs/:job/run                RunRequest → NDJSON RunEvent lines
 *   GET    /cluster/v1/jobs/:job/spool?key=<key>    bytes a finished instance left (pipes, body)
 *   DELETE /cluster/v1/jobs/:job                    the job ended: drop its state
 */
import type { Job, WireError } from '@zerolab/shared'
import type { InstanceReport, PlannedInstance } from '@zerolab/runtime'

export const CLUSTER_KEY_HEADER = 'x-zerolab-cluster-key'
export const CLUSTER_PREFIX = '/cluster/v1'

export interface NodeHealth {
  name: string
  /** Addresses of the Swift object servers on this node's host. */
  ips: string[]
  /** Instances it runs at once (its worker pool). */
  slots: number
  running: number
  /** Milliseconds since the node started: a smaller value than last time means it restarted. */
  uptimeMs: number
}

export interface JobDoc {
  /** The parsed job, limits already clamped by the gateway. */
  job: Job
  /** Storage account the job runs as (`~`). */
  account: string
  /** The caller's Swift token: every object access on the node is made with it. */
  token: string
  /** The program hash of each group (the gateway loaded them once), by group index. */
  programs: string[]
  hasStdin: boolean
}

export interface RunRequest {
  /** The URL the gateway reaches this node at (peers' sources equal to it are local). */
  self: string
  attempt: number
  instance: PlannedInstance
  /** For every peer whose pipe or route data this instance reads: the URL of the node holding it. */
  sources: Record<string, string>
}

export type RunEvent =
  | { type: 'started' }
  | { type: 'beat' }
  | { type: 'finished'; report: InstanceReport }
  /** Pipe data this instance needs is gone (its node restarted or died): run its writer again. */
  | { type: 'lost-input'; from: string; message: string }
  /** The node could not run it (program missing, Swift down …): the instance ends `error`. */
  | { type: 'failed'; error: WireError }
