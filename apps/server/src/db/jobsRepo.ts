import type { JobOrigin, JobStatus, WireError } from '@zerolab/shared'
import type { Statement } from 'better-sqlite3'
import type { Db } from './openDb.ts'

export interface JobRow {
  id: string
  account: string
  user: string
  origin: JobOrigin
  status: JobStatus
  job: string
  instances: number
  report: string | null
  error: string | null
  created_ms: number
  started_ms: number | null
  finished_ms: number | null
}

export interface JobPage {
  jobs: JobRow[]
  /** Pass as `before` to get the next (older) page; absent on the last page. */
  next?: string
}

/** SQL for the `jobs` table; rows hold JSON text, the service parses it. */
export class JobsRepo {
  private readonly stmts = new Map<string, Statement>()

  constructor(private readonly db: Db) {}

  /** Prepared once per SQL text: preparing costs more than running these tiny statements. */
  private sql(text: string): Statement {
    let st = this.stmts.get(text)
    if (!st) {
      st = this.db.prepare(text)
      this.stmts.set(text, st)
    }
    return st
  }

  insert(
    row: Omit<JobRow, 'report' | 'error' | 'started_ms' | 'finished_ms'> & {
      started_ms?: number | null
    },
  ): void {
    this.sql(
      `INSERT INTO jobs (id, account, user, origin, status, job, instances, created_ms, started_ms)
         VALUES (@id, @account, @user, @origin, @status, @job, @instances, @created_ms, @started_ms)`,
    ).run({ started_ms: null, ...row })
  }

  get(id: string): JobRow | undefined {
    return this.sql('SELECT * FROM jobs WHERE id = ?').get(id) as JobRow | undefined
  }

  delete(id: string): void {
    this.sql('DELETE FROM jobs WHERE id = ?').run(id)
  }

  markRunning(id: string, now: number): void {
    this.sql(
      `UPDATE jobs SET status = 'running', started_ms = ? WHERE id = ? AND status = 'queued'`,
    ).run(now, id)
  }

  finish(
    id: string,
    f: { status: JobStatus; report?: unknown; error?: WireError; instances?: number; now: number },
  ): void {
    this.sql(
      `UPDATE jobs SET status = ?, report = ?, error = ?, finished_ms = ?,
           instances = COALESCE(?, instances)
         WHERE id = ? AND status IN ('queued', 'running')`,
    ).run(
      f.status,
      f.report === undefined ? null : JSON.stringify(f.report),
      f.error === undefined ? null : JSON.stringify(f.error),
      f.now,
      f.instances ?? null,
      id,
    )
  }

  /** Newest first; `before` is the id of the last job of the previous page. */
  list(
    account: string,
    opts: { limit: number; before?: string; status?: JobStatus; user?: string },
  ): JobPage {
    const cursor = opts.before ? this.get(opts.before) : undefined
    const where = ['account = @account']
    if (opts.user !== undefined) where.push('user = @user')
    if (cursor && cursor.account === account)
      where.push('(created_ms < @cms OR (created_ms = @cms AND id < @cid))')
    if (opts.status) where.push('status = @status')
    const rows = this.sql(
      `SELECT * FROM jobs WHERE ${where.join(' AND ')}
         ORDER BY created_ms DESC, id DESC LIMIT @limit`,
    ).all({
      account,
      cms: cursor?.created_ms ?? 0,
      cid: cursor?.id ?? '',
      status: opts.status ?? null,
      user: opts.user ?? null,
      limit: opts.limit + 1,
    }) as JobRow[]
    const more = rows.length > opts.limit
    const jobs = more ? rows.slice(0, opts.limit) : rows
    return more ? { jobs, next: jobs[jobs.length - 1]!.id } : { jobs }
  }

  /** Throws when the database does not answer. */
  ping(): void {
    this.sql('SELECT 1').get()
  }

  countByStatus(): Record<string, number> {
    const rows = this.sql('SELECT status, COUNT(*) AS n FROM jobs GROUP BY status').all() as {
      status: string
      n: number
    }[]
    return Object.fromEntries(rows.map((r) => [r.status, r.n]))
  }

  /** Jobs a crash left queued or running can never finish: mark them failed. */
  failInterrupted(now: number): number {
    const error = JSON.stringify({ code: 'INTERNAL', message: 'interrupted by a server restart' })
    return this.sql(
      `UPDATE jobs SET status = 'failed', error = ?, finished_ms = ?
         WHERE status IN ('queued', 'running')`,
    ).run(error, now).changes
  }
}
