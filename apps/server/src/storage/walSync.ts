import { existsSync } from 'node:fs'
import { open, type FileHandle } from 'node:fs/promises'
import type { Db } from '../db/openDb.ts'

/**
 * Group commit for SQLite in WAL mode. `commit(fn)` runs `fn` in a transaction that is
 * written to the WAL without SQLite's own fsync (synchronous = NORMAL for that transaction
 * only), then resolves once an fsync of the WAL file that started after the commit has
 * finished. Concurrent commits share one fsync, and the fsync runs in libuv's thread pool, so
 * the event loop never waits on the disk. A commit is acknowledged only when durable: the same
 * guarantee as synchronous = FULL, at a fraction of the fsyncs.
 */
export class WalSync {
  private fh: FileHandle | undefined
  private running: Promise<void> | undefined
  private next: Promise<void> | undefined
  /** Prepared once: Database.pragma() prepares its statement on every call. */
  private readonly relaxed: { run(): unknown } | undefined
  private readonly full: { run(): unknown } | undefined

  constructor(
    private readonly db: Db,
    private readonly walFile: string | undefined,
  ) {
    if (walFile) {
      this.relaxed = db.prepare('PRAGMA synchronous = NORMAL')
      this.full = db.prepare('PRAGMA synchronous = FULL')
    }
  }

  /** Runs `fn` in a transaction; the promise resolves when the commit is on disk. */
  commit<T>(fn: () => T): { value: T; durable: Promise<void> } {
    if (!this.walFile) return { value: this.db.transaction(fn)(), durable: Promise.resolve() }
    this.relaxed!.run()
    let value: T
    try {
      value = this.db.transaction(fn)()
    } finally {
      this.full!.run()
    }
    return { value, durable: this.sync() }
  }

  /** Resolves after an fsync of the WAL that began after this call. */
  sync(): Promise<void> {
    if (!this.running) {
      this.running = this.fsync().finally(() => {
        this.running = undefined
      })
      return this.running
    }
    // One is in flight and may have started before our write: wait for the next one, which
    // every caller arriving meanwhile shares.
    this.next ??= this.running.then(() => {
      this.next = undefined
      return this.sync()
    })
    return this.next
  }

  private async fsync(): Promise<void> {
    if (!this.fh) {
      if (!existsSync(this.walFile!)) return
      this.fh = await open(this.walFile!, 'r')
    }
    await this.fh.datasync()
  }

  async close(): Promise<void> {
    await this.running
    await this.next
    await this.fh?.close()
    this.fh = undefined
  }
}
