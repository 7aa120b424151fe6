/**
 * Where the engine parks bytes between instances (pipe data, path-less stdout) so memory
 * stays bounded: in memory in the browser, in temp files on Node (src/node/spool.ts). An
 * entry is written whole (`put`) or streamed in (`append`) and read whole (`get`, small
 * entries) or in ranges (`read`, the data path).
 */
export interface Spool {
  put(key: string, data: Uint8Array): Promise<void>
  /** Appends to `key` (created empty first). `data` may be shared memory: it is copied. */
  append(key: string, data: Uint8Array): Promise<void>
  /** The bytes stored under `key`, or an empty array when there are none. */
  get(key: string): Promise<Uint8Array>
  /** Copies up to `into.length` bytes of `key` from `offset`; 0 at the end or when absent. */
  read(key: string, offset: number, into: Uint8Array): Promise<number>
  delete(key: string): Promise<void>
  /** Frees everything; the spool is unusable afterwards. */
  close(): Promise<void>
}

/** Bytes kept as a list of chunks (appends never copy what is already there). */
export class ChunkList {
  readonly chunks: Uint8Array[] = []
  size = 0

  push(data: Uint8Array): void {
    if (data.length === 0) return
    this.chunks.push(data.slice())
    this.size += data.length
  }

  read(offset: number, into: Uint8Array): number {
    let skip = offset
    let n = 0
    for (const c of this.chunks) {
      if (n >= into.length) break
      if (skip >= c.length) {
        skip -= c.length
        continue
      }
      const take = Math.min(c.length - skip, into.length - n)
      into.set(c.subarray(skip, skip + take), n)
      n += take
      skip = 0
    }
    return n
  }

  whole(): Uint8Array {
    if (this.chunks.length === 1) return this.chunks[0]!
    const out = new Uint8Array(this.size)
    this.read(0, out)
    return out
  }
}

export class MemorySpool implements Spool {
  private readonly data = new Map<string, ChunkList>()

  async put(key: string, data: Uint8Array): Promise<void> {
    const list = new ChunkList()
    list.chunks.push(data)
    list.size = data.length
    this.data.set(key, list)
  }

  async append(key: string, data: Uint8Array): Promise<void> {
    let list = this.data.get(key)
    if (!list) this.data.set(key, (list = new ChunkList()))
    list.push(data)
  }

  async get(key: string): Promise<Uint8Array> {
    return this.data.get(key)?.whole() ?? new Uint8Array(0)
  }

  async read(key: string, offset: number, into: Uint8Array): Promise<number> {
    return this.data.get(key)?.read(offset, into) ?? 0
  }

  async delete(key: string): Promise<void> {
    this.data.delete(key)
  }

  async close(): Promise<void> {
    this.data.clear()
  }
}
