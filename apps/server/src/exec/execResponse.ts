import { deviceKind, type Job } from '@zerolab/shared'
import type { JobReport } from '@zerolab/runtime'
import { nexeHeaders, type NexeInstance } from './nexeHeaders.ts'

/** MD5 of nothing: the etag of a channel that was never written. */
const EMPTY_MD5 = 'd41d8cd98f00b204e9800998ecf8427e'

export interface ExecResult {
  job: Job
  report: JobReport
  /** Path-less output of every instance (first immediate device each), concatenated. */
  body: Uint8Array
  /** Content type of the first immediate device that produced output. */
  contentType?: string
}

/** Path-less writable devices of a group, in declaration order: what comes back in the body. */
function immediateDevices(job: Job, group: string): { name: string; contentType?: string }[] {
  const g = job.groups.find((x) => x.name === group)
  if (!g) return []
  return g.devices
    .filter((d) => d.path === undefined && deviceKind(d.name) === 'write')
    .map((d) => (d.content_type ? { name: d.name, contentType: d.content_type } : { name: d.name }))
}

/**
 * ZeroCloud answered with the content type of the first instance's entry in the body: the
 * `content_type` of the path-less device that produced the first non-empty output.
 */
function bodyContentType(job: Job, report: JobReport): string | undefined {
  const first = report.instances.find((i) => i.bodyDevice !== undefined)
  if (!first) return undefined
  const g = job.groups.find((x) => x.name === first.group)
  return g?.devices.find((d) => d.path === undefined && `/dev/${d.name}` === first.bodyDevice)
    ?.content_type
}

function nexeInstances(job: Job, report: JobReport): NexeInstance[] {
  return report.instances.map((i) => {
    const n: NexeInstance = {
      name: i.name,
      // Validation 2: the engine never started it (upstream failed, cancelled).
      status: i.validation === 2 ? 'skipped' : i.status,
      exitCode: i.exitCode,
      validation: i.validation,
      accounting: { ...i.accounting, wallMs: i.wallMs },
      immediateEtags: immediateDevices(job, i.group).map((d) => ({
        alias: `/dev/${d.name}`,
        etag: i.etags[`/dev/${d.name}`] ?? EMPTY_MD5,
      })),
    }
    if (i.message !== undefined) n.message = i.message
    if (i.placement) n.node = i.placement.node
    return n
  })
}

/**
 * The ZeroCloud answer: 200 whenever the job ran (instances may have failed: see
 * X-Nexe-Status / -Retcode / -Error), the path-less outputs as the body.
 */
export function execResponse(r: ExecResult, o: { jobId: string; totalMs: number }): Response {
  const headers = new Headers(nexeHeaders(nexeInstances(r.job, r.report), o.totalMs))
  headers.set(
    'Content-Type',
    r.contentType ?? bodyContentType(r.job, r.report) ?? 'text/plain; charset=utf-8',
  )
  headers.set('Content-Length', String(r.body.byteLength))
  headers.set('X-Zerolab-Job', o.jobId)
  if (r.report.bodyTruncated) headers.set('X-Zerolab-Body-Truncated', 'true')
  return new Response(r.body as Uint8Array<ArrayBuffer>, { status: 200, headers })
}
