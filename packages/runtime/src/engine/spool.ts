/**
 * Where the engine parks bytes between instances (pipe data, path-less stdout) so memory
 * stays bounded: in memory in the browser, in temp files on Node (src/node/spool.ts).
 */
export interface Spool {
  put(key: string, data: Uint8Array): Promise<void>
  /** The bytes stored under `key`, or an empty array when there are none. */
  get(key: string): Promise<Uint8Array>
  delete(key: string): Promise<void>
  /** Frees everything; the spool is unusable afterwards. */
  close(): Promise<void>
}

export class MemorySpool implements Spool {
  private readonly data = new Map<string, Uint8Array>()

  async put(key: string, data: Uint8Array): Promise<void> {
    this.data.set(key, data)
  }

  async get(key: string): Promise<Uint8Array> {
    return this.data.get(key) ?? new Uint8Array(0)
  }

  async delete(key: string): Promise<void> {
    this.data.delete(key)
  }

  async close(): Promise<void> {
    this.data.clear()
  }
}
