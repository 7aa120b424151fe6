import type { Spool } from '@zerolab/runtime'
import { FileSpool } from '@zerolab/runtime/node'

/**
 * Keeps a job's pipe data and bodies in memory up to `memoryBytes`, then spills further
 * entries to a temp-file spool, so small jobs touch no disk and big ones stay bounded.
 */
export class HybridSpool implements Spool {
  private readonly mem = new Map<string, Uint8Array>()
  private memBytes = 0
  private file: FileSpool | undefined
  private readonly onDisk = new Set<string>()

  constructor(private readonly memoryBytes = 8 * 1024 * 1024) {}

  async put(key: string, data: Uint8Array): Promise<void> {
    await this.delete(key)
    if (this.memBytes + data.byteLength <= this.memoryBytes) {
      this.mem.set(key, data)
      this.memBytes += data.byteLength
      return
    }
    this.file ??= new FileSpool()
    await this.file.put(key, data)
    this.onDisk.add(key)
  }

  async get(key: string): Promise<Uint8Array> {
    const m = this.mem.get(key)
    if (m) return m
    if (this.file && this.onDisk.has(key)) return this.file.get(key)
    return new Uint8Array(0)
  }

  async delete(key: string): Promise<void> {
    const m = this.mem.get(key)
    if (m) {
      this.mem.delete(key)
      this.memBytes -= m.byteLength
    }
    if (this.file && this.onDisk.delete(key)) await this.file.delete(key)
  }

  /** Bytes held in memory now (for tests). */
  get inMemory(): number {
    return this.memBytes
  }

  async close(): Promise<void> {
    this.mem.clear()
    this.memBytes = 0
    this.onDisk.clear()
    const f = this.file
    this.file = undefined
    if (f) await f.close()
  }
}
