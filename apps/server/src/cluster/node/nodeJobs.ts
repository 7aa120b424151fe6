import { ZeroLabError, type ProgramRef } from '@zerolab/shared'
import { loadProgram, type Spool } from '@zerolab/runtime'
import { HybridSpool } from '../../execution/hybridSpool.ts'
import { SwiftClient } from '../../swiftBackend/swiftClient.ts'
import type { SwiftStore } from '../../swiftBackend/swiftStore.ts'
import type { JobDoc } from '../protocol.ts'

export interface NodeJob {
  id: string
  doc: JobDoc
  /** Pipe data, routes and bodies of this node's instances (and copies fetched from peers). */
  spool: Spool
  stdin?: Uint8Array
  touchedMs: number
}

/** Programs by content hash, shared by every job on this node (bounded by total bytes). */
class ProgramCache {
  private readonly map = new Map<string, ProgramRef>()
  private bytes = 0
  constructor(private readonly maxBytes: number) {}

  get(hash: string): ProgramRef | undefined {
    const p = this.map.get(hash)
    if (p) {
      this.map.delete(hash)
      this.map.set(hash, p) // most recent last
    }
    return p
  }

  set(p: ProgramRef): void {
    if (this.map.has(p.hash)) return
    this.map.set(p.hash, p)
    this.bytes += p.code.length
    for (const [h, old] of this.map) {
      if (this.bytes <= this.maxBytes || this.map.size === 1) break
      this.map.delete(h)
      this.bytes -= old.code.length
    }
  }
}

/**
 * The jobs a node takes part in. A job's state lives until the gateway drops it, or until
 * nobody has touched it for `idleMs` (the gateway died): its spool files go with it.
 */
export class NodeJobs {
  private readonly jobs = new Map<string, NodeJob>()
  private readonly programs = new ProgramCache(256 * 1024 * 1024)
  private readonly sweeper: ReturnType<typeof setInterval>

  constructor(
    private readonly proxyUrl: string,
    private readonly idleMs = 60 * 60 * 1000,
  ) {
    this.sweeper = setInterval(() => void this.sweep(), Math.min(idleMs, 60_000))
    this.sweeper.unref()
  }

  put(id: string, doc: JobDoc): NodeJob {
    const old = this.jobs.get(id)
    if (old) {
      old.doc = doc
      old.touchedMs = Date.now()
      return old
    }
    const job: NodeJob = { id, doc, spool: new HybridSpool(), touchedMs: Date.now() }
    this.jobs.set(id, job)
    return job
  }

  /** The job, or a 404 naming it (the gateway then sends it again). */
  get(id: string): NodeJob {
    const j = this.jobs.get(id)
    if (!j) throw new ZeroLabError('NOT_FOUND', `job ${id} is unknown on this node`, id)
    j.touchedMs = Date.now()
    return j
  }

  has(id: string): boolean {
    return this.jobs.has(id)
  }

  async drop(id: string): Promise<void> {
    const j = this.jobs.get(id)
    if (!j) return
    this.jobs.delete(id)
    await j.spool.close()
  }

  /** A Swift client acting as the job's caller. */
  client(j: NodeJob): SwiftClient {
    return new SwiftClient(this.proxyUrl, j.doc.token)
  }

  /** The program of group `gi`: from the cache by hash, else loaded from Swift (or the job). */
  async program(j: NodeJob, gi: number, store: SwiftStore): Promise<ProgramRef> {
    const want = j.doc.programs[gi]
    const hit = want ? this.programs.get(want) : undefined
    if (hit) return hit
    const p = await loadProgram(j.doc.job.groups[gi]!, gi, store, j.doc.account)
    if (want && p.hash !== want)
      throw new ZeroLabError(
        'CONFLICT',
        `groups[${gi}].exec.path: the program changed while the job ran (hash ${p.hash}, expected ${want})`,
        `groups[${gi}].exec.path`,
      )
    this.programs.set(p)
    return p
  }

  private async sweep(): Promise<void> {
    const old = Date.now() - this.idleMs
    for (const [id, j] of this.jobs) if (j.touchedMs < old) await this.drop(id)
  }

  async close(): Promise<void> {
    clearInterval(this.sweeper)
    for (const id of [...this.jobs.keys()]) await this.drop(id)
  }
}
