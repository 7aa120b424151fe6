import { ZeroLabError } from '@zerolab/shared'
import { drain, httpRequest, readText, type HttpResponse } from '../../swiftBackend/httpClient.ts'
import {
  CLUSTER_KEY_HEADER,
  CLUSTER_PREFIX,
  type JobDoc,
  type NodeHealth,
  type RunEvent,
  type RunRequest,
} from '../protocol.ts'

/** The node stopped answering (refused, reset, silent past its heartbeat): treat it as lost. */
export class NodeLost extends Error {
  /** Refused or reset (the process is gone), rather than slow: no need to wait and see. */
  readonly definite: boolean

  constructor(message: string, definite = true) {
    super(message)
    this.definite = definite
  }
}

/** A node's protocol (../protocol.ts) as the gateway calls it. */
export class NodeClient {
  constructor(
    readonly url: string,
    private readonly key: string,
  ) {}

  private jobPath(job: string, tail = ''): string {
    return `${this.url}${CLUSTER_PREFIX}/jobs/${encodeURIComponent(job)}${tail}`
  }

  private async call(
    method: string,
    url: string,
    o: { body?: Uint8Array; timeoutMs?: number; signal?: AbortSignal } = {},
  ): Promise<HttpResponse> {
    try {
      return await httpRequest(url, {
        method,
        headers: { [CLUSTER_KEY_HEADER]: this.key, 'content-type': 'application/json' },
        body: o.body ?? null,
        timeoutMs: o.timeoutMs ?? 30_000,
        ...(o.signal ? { signal: o.signal } : {}),
      })
    } catch (e) {
      if (e instanceof ZeroLabError && e.code === 'CANCELLED') throw e
      const slow = e instanceof ZeroLabError && e.code === 'TIMEOUT'
      throw new NodeLost(`node ${this.url}: ${e instanceof Error ? e.message : String(e)}`, !slow)
    }
  }

  private async expect(res: HttpResponse, ok: number, what: string): Promise<void> {
    if (res.status === ok) return
    const text = await readText(res, 4096).catch(() => '')
    if (res.status === 404) throw new NodeLost(`node ${this.url}: ${what}: ${text.trim() || 404}`)
    throw new ZeroLabError(
      'UNAVAILABLE',
      `node ${this.url}: ${what} answered ${res.status} ${text.trim()}`,
    )
  }

  async health(timeoutMs = 2000): Promise<NodeHealth> {
    const res = await this.call('GET', `${this.url}${CLUSTER_PREFIX}/health`, { timeoutMs })
    await this.expect(res, 200, 'health')
    return JSON.parse(await readText(res, 64 * 1024)) as NodeHealth
  }

  async putJob(job: string, doc: JobDoc, stdin?: Uint8Array): Promise<void> {
    const res = await this.call('PUT', this.jobPath(job), {
      body: Buffer.from(JSON.stringify(doc)),
    })
    await this.expect(res, 204, 'job')
    await drain(res)
    if (!stdin) return
    const s = await this.call('PUT', this.jobPath(job, '/stdin'), { body: stdin })
    await this.expect(s, 204, 'stdin')
    await drain(s)
  }

  async dropJob(job: string): Promise<void> {
    const res = await this.call('DELETE', this.jobPath(job), { timeoutMs: 5000 })
    await drain(res)
  }

  /** Bytes a finished instance left on the node (pipe data, its body). */
  async spool(job: string, key: string, max: number): Promise<Uint8Array> {
    const res = await this.call('GET', this.jobPath(job, `/spool?key=${encodeURIComponent(key)}`))
    await this.expect(res, 200, `spool ${key}`)
    const parts: Buffer[] = []
    let size = 0
    try {
      for await (const c of res.body as AsyncIterable<Buffer>) {
        size += c.length
        if (size > max) {
          res.body.destroy()
          break
        }
        parts.push(c)
      }
    } catch (e) {
      throw new NodeLost(
        `node ${this.url}: spool ${key}: ${e instanceof Error ? e.message : String(e)}`,
      )
    }
    return new Uint8Array(Buffer.concat(parts))
  }

  /**
   * Runs an instance; resolves with its last event (finished, lost-input or failed). Rejects
   * with NodeLost when the connection breaks or no heartbeat comes for `silenceMs`.
   */
  async run(
    job: string,
    req: RunRequest,
    o: { signal: AbortSignal; onStarted: () => void; silenceMs?: number },
  ): Promise<Exclude<RunEvent, { type: 'started' } | { type: 'beat' }>> {
    const res = await this.call('POST', this.jobPath(job, '/run'), {
      body: Buffer.from(JSON.stringify(req)),
      timeoutMs: o.silenceMs ?? 20_000,
      signal: o.signal,
    })
    await this.expect(res, 200, 'run')
    let buf = ''
    try {
      for await (const chunk of res.body as AsyncIterable<Buffer>) {
        buf += chunk.toString('utf8')
        for (let nl = buf.indexOf('\n'); nl >= 0; nl = buf.indexOf('\n')) {
          const e = JSON.parse(buf.slice(0, nl)) as RunEvent
          buf = buf.slice(nl + 1)
          if (e.type === 'started') o.onStarted()
          else if (e.type !== 'beat') {
            res.body.destroy()
            return e
          }
        }
      }
    } catch (e) {
      if (o.signal.aborted) throw new ZeroLabError('CANCELLED', 'cancelled')
      throw new NodeLost(`node ${this.url}: ${e instanceof Error ? e.message : String(e)}`)
    }
    if (o.signal.aborted) throw new ZeroLabError('CANCELLED', 'cancelled')
    throw new NodeLost(`node ${this.url}: the run ended without a result`)
  }
}
