import { ZeroLabError } from '@zerolab/shared'

export interface JobQueueOptions {
  /** Jobs running at once over all accounts. */
  maxRunning: number
  /** Jobs running at once for one account. */
  maxRunningPerAccount: number
  /** Jobs waiting over all accounts; beyond it a submit fails with UNAVAILABLE (503). */
  maxQueued: number
  /** Jobs waiting for one account; beyond it a submit fails with TOO_MANY_REQUESTS (429). */
  maxQueuedPerAccount: number
  /** An account's own limit on running jobs (its quota), when it has one. */
  quotaFor?: (account: string) => number | null
}

const DEFAULT_QUEUE_OPTIONS: JobQueueOptions = {
  maxRunning: 4,
  maxRunningPerAccount: 2,
  maxQueued: 64,
  maxQueuedPerAccount: 16,
}

export interface QueuedJob<T> {
  /** Settles with the task's result, or rejects with CANCELLED if cancelled while queued. */
  readonly done: Promise<T>
  /** Aborts the task's signal (running) or drops it from the queue (waiting). */
  cancel(reason?: string): void
}

interface Entry {
  account: string
  /** The account's job quota when submitted (looked up once: it is a database read). */
  quota: number
  start: () => void
  drop: (reason: string) => void
}

/**
 * A bounded FIFO of jobs with global and per-account concurrency limits. Submitting never
 * blocks: a full queue is an immediate error so HTTP callers get 429/503, never a hang.
 */
export class JobQueue {
  private readonly opts: JobQueueOptions
  private readonly waiting: Entry[] = []
  private readonly runningBy = new Map<string, number>()
  private running = 0

  constructor(opts: Partial<JobQueueOptions> = {}) {
    this.opts = { ...DEFAULT_QUEUE_OPTIONS, ...opts }
  }

  get depth(): number {
    return this.waiting.length
  }

  get active(): number {
    return this.running
  }

  queuedFor(account: string): number {
    return this.waiting.filter((e) => e.account === account).length
  }

  runningFor(account: string): number {
    return this.runningBy.get(account) ?? 0
  }

  /** Whether a job of this account submitted now would start at once (inside `submit`). */
  startsNow(account: string, quota = this.quotaOf(account)): boolean {
    return this.canStart(account, quota) && this.queuedFor(account) === 0
  }

  /** Throws TOO_MANY_REQUESTS / UNAVAILABLE when the job could neither start nor wait. */
  submit<T>(account: string, task: (signal: AbortSignal) => Promise<T>): QueuedJob<T> {
    const quota = this.quotaOf(account)
    if (quota === 0)
      throw new ZeroLabError('TOO_MANY_REQUESTS', `account ${account} has a job quota of 0`)
    const canStartNow = this.startsNow(account, quota)
    if (!canStartNow) {
      if (this.queuedFor(account) >= this.opts.maxQueuedPerAccount)
        throw new ZeroLabError(
          'TOO_MANY_REQUESTS',
          `account ${account} has ${this.opts.maxQueuedPerAccount} jobs waiting; retry later`,
        )
      if (this.waiting.length >= this.opts.maxQueued)
        throw new ZeroLabError('UNAVAILABLE', 'the job queue is full; retry later')
    }
    const ctl = new AbortController()
    let state: 'waiting' | 'running' | 'done' = 'waiting'
    let resolve!: (v: T) => void
    let reject!: (e: unknown) => void
    const done = new Promise<T>((res, rej) => {
      resolve = res
      reject = rej
    })
    const entry: Entry = {
      account,
      quota,
      start: () => {
        state = 'running'
        this.running++
        this.runningBy.set(account, this.runningFor(account) + 1)
        let p: Promise<T>
        try {
          p = task(ctl.signal)
        } catch (e) {
          p = Promise.reject(e)
        }
        const release = (): void => {
          state = 'done'
          this.running--
          const n = this.runningFor(account) - 1
          if (n > 0) this.runningBy.set(account, n)
          else this.runningBy.delete(account)
          this.pump()
        }
        p.then(
          (v) => {
            release()
            resolve(v)
          },
          (e: unknown) => {
            release()
            reject(e)
          },
        )
      },
      drop: (reason) => {
        state = 'done'
        reject(new ZeroLabError('CANCELLED', reason))
      },
    }
    const cancel = (reason = 'cancelled'): void => {
      if (state === 'waiting') {
        const i = this.waiting.indexOf(entry)
        if (i >= 0) this.waiting.splice(i, 1)
        entry.drop(reason)
      } else if (state === 'running') {
        ctl.abort(new ZeroLabError('CANCELLED', reason))
      }
    }
    if (canStartNow) entry.start()
    else this.waiting.push(entry)
    return { done, cancel }
  }

  private quotaOf(account: string): number {
    return this.opts.quotaFor?.(account) ?? Infinity
  }

  private canStart(account: string, quota: number): boolean {
    return (
      this.running < this.opts.maxRunning &&
      this.runningFor(account) < Math.min(this.opts.maxRunningPerAccount, quota)
    )
  }

  /** Starts the first waiting jobs whose account has room, keeping FIFO order per account. */
  private pump(): void {
    for (let i = 0; i < this.waiting.length && this.running < this.opts.maxRunning;) {
      const e = this.waiting[i]!
      if (this.canStart(e.account, e.quota)) {
        this.waiting.splice(i, 1)
        e.start()
      } else i++
    }
  }
}
