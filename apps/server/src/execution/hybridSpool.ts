import { ChunkList, type Spool } from '@zerolab/runtime'
import { FileSpool } from '@zerolab/runtime/node'

/**
 * Keeps a job's pipe data and bodies in memory up to `memoryBytes`, then spills further
 * entries to a temp-file spool, so small jobs touch no disk and big ones stay bounded. An
 * entry appended past the budget moves to disk whole.
 */
export class HybridSpool implements Spool {
  private readonly mem = new Map<string, ChunkList>()
  private memBytes = 0
  private file: FileSpool | undefined
  private readonly onDisk = new Set<string>()

  constructor(private readonly memoryBytes = 8 * 1024 * 1024) {}

  private disk(): FileSpool {
    this.file ??= new FileSpool()
    return this.file
  }

  async put(key: string, data: Uint8Array): Promise<void> {
    await this.delete(key)
    if (this.memBytes + data.byteLength <= this.memoryBytes) {
      const list = new ChunkList()
      list.push(data)
      this.mem.set(key, list)
      this.memBytes += data.byteLength
      return
    }
    await this.disk().put(key, data)
    this.onDisk.add(key)
  }

  async append(key: string, data: Uint8Array): Promise<void> {
    if (this.onDisk.has(key)) return this.disk().append(key, data)
    const list = this.mem.get(key) ?? new ChunkList()
    if (this.memBytes + data.byteLength <= this.memoryBytes) {
      list.push(data)
      this.mem.set(key, list)
      this.memBytes += data.byteLength
      return
    }
    this.mem.delete(key)
    this.memBytes -= list.size
    this.onDisk.add(key)
    for (const c of list.chunks) await this.disk().append(key, c)
    await this.disk().append(key, data)
  }

  async get(key: string): Promise<Uint8Array> {
    const m = this.mem.get(key)
    if (m) return m.whole()
    if (this.file && this.onDisk.has(key)) return this.file.get(key)
    return new Uint8Array(0)
  }

  async read(key: string, offset: number, into: Uint8Array): Promise<number> {
    const m = this.mem.get(key)
    if (m) return m.read(offset, into)
    if (this.file && this.onDisk.has(key)) return this.file.read(key, offset, into)
    return 0
  }

  async delete(key: string): Promise<void> {
    const m = this.mem.get(key)
    if (m) {
      this.mem.delete(key)
      this.memBytes -= m.size
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
