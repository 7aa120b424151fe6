import type { ObjectService } from './objectService.ts'

const BATCH = 1000

/**
 * Swift's object expirer: objects whose X-Delete-At has passed are already invisible (reads,
 * listings and DELETE treat them as gone); this removes their rows and bytes every
 * `intervalMs`, in batches, so space comes back.
 */
export class Expirer {
  private timer: NodeJS.Timeout | undefined
  private running: Promise<number> | undefined

  constructor(
    private readonly svc: ObjectService,
    private readonly intervalMs: number,
  ) {}

  start(): void {
    if (this.timer || this.intervalMs <= 0) return
    this.timer = setInterval(() => void this.reap().catch(() => {}), this.intervalMs)
    this.timer.unref()
  }

  async stop(): Promise<void> {
    clearInterval(this.timer)
    this.timer = undefined
    await this.running?.catch(() => {})
  }

  /** One pass: deletes up to a batch of expired objects; returns how many. */
  reap(): Promise<number> {
    this.running ??= this.pass().finally(() => {
      this.running = undefined
    })
    return this.running
  }

  private async pass(): Promise<number> {
    const nowSec = Math.floor(this.svc.nowMs() / 1000)
    const committed = this.svc.wal.commit(() => {
      const free: string[] = []
      const rows = this.svc.objects.expired(nowSec, BATCH)
      for (const r of rows) {
        const gone = this.svc.objects.delete(r.container_id, r.name)
        if (gone?.blob) free.push(gone.blob)
      }
      return { n: rows.length, free }
    })
    await committed.durable
    for (const id of committed.value.free) await this.svc.blobs.remove(id)
    return committed.value.n
  }
}
