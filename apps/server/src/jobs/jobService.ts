import {
  FINAL_JOB_STATUSES,
  JOB_CAPS,
  ZeroLabError,
  parseJob,
  toZeroLabError,
  type Job,
  type JobCaps,
  type JobOrigin,
  type JobPage,
  type JobReport,
  type JobStatus,
  type JobView,
  type WireError,
} from '@zerolab/shared'
import { randomBytes } from 'node:crypto'
import type { Principal } from '../auth/principal.ts'
import type { Db } from '../db/openDb.ts'
import { JobsRepo, type JobRow } from '../db/jobsRepo.ts'
import type { ExecuteContext, ExecuteJob, ExecuteOutcome } from '../execution/executeJob.ts'
import type { JobQueue } from '../execution/jobQueue.ts'
import type { EventHub, HubEvent } from './eventHub.ts'

export interface SubmitOptions {
  origin: JobOrigin
  stdin?: Uint8Array
  /** The document as sent (JSON text of `doc`): stored as is, and the key of the parse cache. */
  text?: string
}

export interface Submitted<R> {
  id: string
  /** The outcome; rejects with the job's error (CANCELLED, engine errors …). */
  done: Promise<ExecuteOutcome<R>>
}

/** Admins see all jobs of their account; a plain member only its own. */
export const seesJobsOf = (p: Principal, user: string): boolean =>
  p.admin || p.resellerAdmin || p.user === user

const iso = (ms: number | null): string | undefined =>
  ms === null ? undefined : new Date(ms).toISOString()

/** Parsed jobs kept by document text: clients (benchmarks, scripts, courses) resend the same job. */
const PARSED_JOBS = 128

/** Freezes a parsed job all the way down, so runs sharing it cannot change it for each other. */
function deepFreeze<T>(v: T): T {
  if (typeof v === 'object' && v !== null && !Object.isFrozen(v)) {
    Object.freeze(v)
    for (const x of Object.values(v)) deepFreeze(x)
  }
  return v
}

function newJobId(): string {
  return `j${randomBytes(9).toString('base64url')}`
}

/**
 * The life of a job: validate, persist as queued, wait for a slot in the bounded queue, run,
 * persist the report, publish progress. Jobs are visible only to their own account.
 */
export class JobService<R> {
  private readonly repo: JobsRepo
  private readonly cancels = new Map<string, (reason: string) => void>()
  private readonly parsed = new Map<string, Job>()

  private readonly queue: JobQueue
  readonly hub: EventHub
  private readonly execute: ExecuteJob<R>
  private readonly now: () => number
  private readonly caps: JobCaps

  constructor(o: {
    db: Db
    queue: JobQueue
    hub: EventHub
    execute: ExecuteJob<R>
    now?: () => number
    /** Caps on what a job may ask for; default JOB_CAPS. */
    caps?: JobCaps
  }) {
    this.repo = new JobsRepo(o.db)
    this.queue = o.queue
    this.hub = o.hub
    this.execute = o.execute
    this.now = o.now ?? Date.now
    this.caps = o.caps ?? JOB_CAPS
  }

  /** Marks jobs a crash interrupted as failed; the composition root calls it once at start-up. */
  recover(): number {
    return this.repo.failInterrupted(this.now())
  }

  /**
   * Parses (400 naming the JSON path, 422 over a cap), persists and enqueues (429/503 when
   * full).
   */
  submit(principal: Principal, doc: unknown, opts: SubmitOptions): Submitted<R> {
    const job = this.parse(doc, opts.text)
    const id = newJobId()
    const created = this.now()
    // A job that starts at once is stored as running: one write instead of two.
    const startsNow = this.queue.startsNow(principal.account)
    this.repo.insert({
      id,
      account: principal.account,
      user: principal.user,
      origin: opts.origin,
      status: startsNow ? 'running' : 'queued',
      job: opts.text ?? JSON.stringify(doc),
      instances: 0,
      created_ms: created,
      started_ms: startsNow ? created : null,
    })
    // Nobody replays a synchronous execution's progress: its caller gets the outcome itself.
    this.hub.open(id, { replay: opts.origin !== 'exec' })
    this.hub.publish(id, 'job', { id, status: 'queued' })
    let queued
    try {
      queued = this.queue.submit(principal.account, (signal) =>
        this.run(id, job, principal, { ...opts, signal, storedRunning: startsNow }),
      )
    } catch (e) {
      // Refused by a full queue: the job was never accepted, so it leaves no history.
      this.repo.delete(id)
      this.hub.drop(id)
      throw toZeroLabError(e)
    }
    this.cancels.set(id, queued.cancel)
    const done = queued.done.then(
      (outcome) => {
        this.finish(id, {
          status: outcome.status,
          report: outcome.summary,
          instances: outcome.instances,
        })
        return outcome
      },
      (e: unknown) => {
        const err = toZeroLabError(e)
        this.finish(id, {
          status: err.code === 'CANCELLED' ? 'cancelled' : 'failed',
          error: err.toWire(),
        })
        throw err
      },
    )
    // Async submitters never await `done`; keep an unobserved rejection from crashing the server.
    done.catch(() => {})
    return { id, done }
  }

  /** `parseJob`, answered from the cache when the same text was parsed before. */
  private parse(doc: unknown, text: string | undefined): Job {
    if (text === undefined) return parseJob(doc, this.caps)
    const hit = this.parsed.get(text)
    if (hit) {
      this.parsed.delete(text)
      this.parsed.set(text, hit)
      return hit
    }
    const job = deepFreeze(parseJob(doc, this.caps))
    this.parsed.set(text, job)
    if (this.parsed.size > PARSED_JOBS) this.parsed.delete(this.parsed.keys().next().value!)
    return job
  }

  /** `submit` for the JSON API: the new job's view (status `queued`). */
  create(principal: Principal, doc: unknown): JobView {
    const { id } = this.submit(principal, doc, { origin: 'api' })
    return this.view(this.repo.get(id)!, false)
  }

  /** The account's jobs, newest first; `next` continues the list (null on the last page). */
  list(
    principal: Principal,
    opts: { limit: number; before?: string; status?: JobStatus; user?: string },
  ): JobPage {
    // A plain member sees its own jobs; admins all of the account's (or one user's).
    const mine = seesJobsOf(principal, '')
      ? opts.user !== undefined
        ? { user: opts.user }
        : {}
      : { user: principal.user }
    const page = this.repo.list(principal.account, { ...opts, ...mine })
    return { jobs: page.jobs.map((r) => this.view(r, false)), next: page.next ?? null }
  }

  /** One job of the caller's account; `full` adds the job document and the report. */
  get(principal: Principal, id: string, full = true): JobView {
    return this.view(this.getRow(principal, id), full)
  }

  /**
   * Events for a job the hub no longer holds, rebuilt from its row. A client resuming with
   * Last-Event-ID gets just the final `done`, numbered after what it has seen.
   */
  eventsFromRow(id: string, afterSeq: number): HubEvent[] {
    const row = this.repo.get(id)!
    const done: HubEvent = { seq: afterSeq + 2, type: 'done', data: this.view(row, false) }
    if (afterSeq > 0) return [done]
    return [{ seq: 1, type: 'job', data: { id: row.id, status: row.status } }, done]
  }

  /** Jobs in the database by status (a metrics gauge). */
  countByStatus(): Record<string, number> {
    return this.repo.countByStatus()
  }

  /** Whether the database answers, and the queue's load. */
  health(): { db: 'ok' | 'error'; running: number; queued: number } {
    let db: 'ok' | 'error' = 'ok'
    try {
      this.repo.ping()
    } catch {
      db = 'error'
    }
    return { db, running: this.queue.active, queued: this.queue.depth }
  }

  private async run(
    id: string,
    job: Job,
    principal: Principal,
    o: SubmitOptions & { signal: AbortSignal; storedRunning: boolean },
  ): Promise<ExecuteOutcome<R>> {
    const { signal } = o
    signal.throwIfAborted()
    if (!o.storedRunning) this.repo.markRunning(id, this.now())
    this.hub.publish(id, 'job', { id, status: 'running' })
    const ctx: ExecuteContext = {
      jobId: id,
      principal,
      signal,
      emit: (type, data) => this.hub.publish(id, type, data),
    }
    if (o.stdin) ctx.stdin = o.stdin
    // Settle at once on cancel even if the engine takes a moment to stop its instances.
    const aborted = new Promise<never>((_res, rej) => {
      signal.addEventListener('abort', () => rej(toZeroLabError(signal.reason)), { once: true })
    })
    aborted.catch(() => {})
    const out = await Promise.race([this.execute(job, ctx), aborted])
    signal.throwIfAborted()
    return out
  }

  private finish(
    id: string,
    f: { status: JobStatus; report?: unknown; error?: WireError; instances?: number },
  ): void {
    this.cancels.delete(id)
    this.repo.finish(id, { ...f, now: this.now() })
    const done: Record<string, unknown> = { id, status: f.status }
    if (f.error) done.error = f.error
    if (f.instances !== undefined) done.instances = f.instances
    this.hub.publish(id, 'done', done)
    this.hub.close(id)
    // Late subscribers of a finished job are served from the database.
    if (this.hub.has(id)) setTimeout(() => this.hub.drop(id), 60_000).unref()
  }

  /**
   * 404 for other accounts' jobs, and for a plain member, other users' jobs: their existence
   * is not disclosed. Account admins see every job of the account (a workshop's instructor).
   */
  private getRow(principal: Principal, id: string): JobRow {
    const row = this.repo.get(id)
    if (!row || row.account !== principal.account || !seesJobsOf(principal, row.user))
      throw new ZeroLabError('NOT_FOUND', `no job ${id}`, id)
    return row
  }

  private view(row: JobRow, full: boolean): JobView {
    const v: JobView = {
      id: row.id,
      account: row.account,
      user: row.user,
      origin: row.origin,
      status: row.status,
      instances: row.instances,
      createdAt: iso(row.created_ms)!,
    }
    const s = iso(row.started_ms)
    if (s) v.startedAt = s
    const f = iso(row.finished_ms)
    if (f) v.finishedAt = f
    if (row.error) v.error = JSON.parse(row.error) as WireError
    if (full) {
      if (row.report) v.report = JSON.parse(row.report) as JobReport
      v.job = JSON.parse(row.job) as unknown
    }
    return v
  }

  /** Stops a queued or running job; a finished one is left as it is (409). */
  cancel(principal: Principal, id: string): JobView {
    const row = this.getRow(principal, id)
    if (FINAL_JOB_STATUSES.includes(row.status))
      throw new ZeroLabError('CONFLICT', `job ${id} already ${row.status}`, id)
    const c = this.cancels.get(id)
    if (c) c('cancelled by the user')
    else
      this.finish(id, { status: 'cancelled', error: { code: 'CANCELLED', message: 'cancelled' } })
    return this.view(this.repo.get(id)!, false)
  }
}
