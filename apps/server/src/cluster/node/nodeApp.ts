import { ZeroLabError, toZeroLabError, type Job } from '@zerolab/shared'
import { Hono } from 'hono'
import { timingSafeEqual } from 'node:crypto'
import { errorResponse } from '../../http/errorResponse.ts'
import { parseJsonBody, readBody } from '../../http/readBody.ts'
import {
  CLUSTER_KEY_HEADER,
  CLUSTER_PREFIX,
  type JobDoc,
  type NodeHealth,
  type RunEvent,
  type RunRequest,
} from '../protocol.ts'
import { LostInput, runOnNode, type NodeEnv } from './runOnNode.ts'

const MAX_JOB_DOC_BYTES = 8 * 1024 * 1024
const MAX_STDIN_BYTES = 64 * 1024 * 1024
const MAX_RUN_BYTES = 4 * 1024 * 1024
const BEAT_MS = 5000

/** FIFO admission to `slots` concurrent runs. */
class Slots {
  running = 0
  private readonly waiting: (() => void)[] = []
  constructor(readonly size: number) {}

  async acquire(signal: AbortSignal): Promise<void> {
    if (this.running < this.size) {
      this.running++
      return
    }
    await new Promise<void>((ok, fail) => {
      const go = (): void => {
        signal.removeEventListener('abort', off)
        this.running++
        ok()
      }
      const off = (): void => {
        const i = this.waiting.indexOf(go)
        if (i >= 0) this.waiting.splice(i, 1)
        fail(new ZeroLabError('CANCELLED', 'cancelled while waiting for a slot'))
      }
      this.waiting.push(go)
      signal.addEventListener('abort', off, { once: true })
    })
  }

  release(): void {
    this.running--
    this.waiting.shift()?.()
  }
}

function keyMatches(given: string | undefined, key: string): boolean {
  if (given === undefined) return false
  const a = Buffer.from(given)
  const b = Buffer.from(key)
  return a.length === b.length && timingSafeEqual(a, b)
}

function isJobDoc(v: unknown): v is JobDoc {
  const d = v as Partial<JobDoc> | null
  return (
    typeof d === 'object' &&
    d !== null &&
    typeof d.account === 'string' &&
    typeof d.token === 'string' &&
    Array.isArray(d.programs) &&
    typeof d.job === 'object' &&
    d.job !== null &&
    Array.isArray((d.job as Job).groups)
  )
}

/**
 * A node's HTTP surface (see ../protocol.ts): the gateway hands it jobs and instances, peers
 * fetch the pipe data its instances left.
 */
export function createNodeApp(env: NodeEnv & { slots: number }): Hono {
  const app = new Hono()
  const slots = new Slots(env.slots)
  const started = Date.now()
  app.onError((e, c) => errorResponse(e, c.req.path, c.req.method))
  app.notFound((c) =>
    errorResponse(new ZeroLabError('NOT_FOUND', 'not found', c.req.path), c.req.path, c.req.method),
  )

  app.get(`${CLUSTER_PREFIX}/health`, (c) => {
    const h: NodeHealth = {
      name: env.name,
      ips: [...env.localIps],
      slots: slots.size,
      running: slots.running,
      uptimeMs: Date.now() - started,
    }
    return c.json(h)
  })

  app.use(`${CLUSTER_PREFIX}/jobs/*`, async (c, next) => {
    if (!keyMatches(c.req.header(CLUSTER_KEY_HEADER), env.clusterKey))
      throw new ZeroLabError('UNAUTHORIZED', 'cluster key missing or wrong', CLUSTER_KEY_HEADER)
    await next()
  })

  app.put(`${CLUSTER_PREFIX}/jobs/:job`, async (c) => {
    const doc = await parseJsonBody(await readBody(c.req.raw, MAX_JOB_DOC_BYTES), 'job document')
    if (!isJobDoc(doc)) throw new ZeroLabError('INVALID_REQUEST', 'not a job document', '$')
    env.jobs.put(c.req.param('job'), doc)
    return c.body(null, 204)
  })

  app.put(`${CLUSTER_PREFIX}/jobs/:job/stdin`, async (c) => {
    const job = env.jobs.get(c.req.param('job'))
    job.stdin = await readBody(c.req.raw, MAX_STDIN_BYTES)
    return c.body(null, 204)
  })

  app.delete(`${CLUSTER_PREFIX}/jobs/:job`, async (c) => {
    await env.jobs.drop(c.req.param('job'))
    return c.body(null, 204)
  })

  app.get(`${CLUSTER_PREFIX}/jobs/:job/spool`, async (c) => {
    const job = env.jobs.get(c.req.param('job'))
    const key = c.req.query('key')
    if (!key) throw new ZeroLabError('INVALID_REQUEST', 'key required', 'key')
    const data = await job.spool.get(key)
    return c.body(data as Uint8Array<ArrayBuffer>, 200, {
      'Content-Type': 'application/octet-stream',
    })
  })

  app.post(`${CLUSTER_PREFIX}/jobs/:job/run`, async (c) => {
    const job = env.jobs.get(c.req.param('job'))
    const req = (await parseJsonBody(
      await readBody(c.req.raw, MAX_RUN_BYTES),
      'run request',
    )) as RunRequest
    if (typeof req !== 'object' || req === null || typeof req.instance?.name !== 'string')
      throw new ZeroLabError('INVALID_REQUEST', 'not a run request', '$')
    const abort = new AbortController()
    const upstream = c.req.raw.signal
    const onGone = (): void => abort.abort(new ZeroLabError('CANCELLED', 'the gateway hung up'))
    upstream.addEventListener('abort', onGone, { once: true })
    const enc = new TextEncoder()
    let open = true
    const body = new ReadableStream<Uint8Array>({
      start(ctrl) {
        const send = (e: RunEvent): void => {
          if (open) ctrl.enqueue(enc.encode(`${JSON.stringify(e)}\n`))
        }
        const beat = setInterval(() => send({ type: 'beat' }), BEAT_MS)
        const run = async (): Promise<void> => {
          await slots.acquire(abort.signal)
          try {
            send({ type: 'started' })
            const report = await runOnNode(env, job, req, abort.signal)
            send({ type: 'finished', report })
          } finally {
            slots.release()
          }
        }
        run()
          .catch((e: unknown) => {
            if (e instanceof LostInput)
              send({ type: 'lost-input', from: e.from, message: e.message })
            else send({ type: 'failed', error: toZeroLabError(e).toWire() })
          })
          .finally(() => {
            clearInterval(beat)
            upstream.removeEventListener('abort', onGone)
            if (open) ctrl.close()
            open = false
          })
      },
      cancel() {
        open = false
        abort.abort(new ZeroLabError('CANCELLED', 'the gateway hung up'))
      },
    })
    return new Response(body, { status: 200, headers: { 'Content-Type': 'application/x-ndjson' } })
  })
  return app
}
