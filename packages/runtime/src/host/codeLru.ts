/** How many programs, and how many of their bytes, a worker keeps between instances. */
export const MAX_CODES = 64
const MAX_CODE_BYTES = 64 * 1024 * 1024

/**
 * Least-recently-used program set. The worker keeps program bytes in one and the pool mirrors
 * it per worker with the same calls in the same order, so the pool knows exactly which
 * programs it may send without their bytes.
 */
export class CodeLru<V> {
  private readonly entries = new Map<string, { value: V; size: number }>()
  private bytes = 0

  has(hash: string): boolean {
    return this.entries.has(hash)
  }

  /** Returns the value and marks it most recently used. */
  touch(hash: string): V | undefined {
    const e = this.entries.get(hash)
    if (!e) return undefined
    this.entries.delete(hash)
    this.entries.set(hash, e)
    return e.value
  }

  add(hash: string, value: V, size: number): void {
    this.delete(hash)
    this.entries.set(hash, { value, size })
    this.bytes += size
    for (const [k, e] of this.entries) {
      if (this.entries.size <= MAX_CODES && this.bytes <= MAX_CODE_BYTES) break
      if (k === hash) break
      this.entries.delete(k)
      this.bytes -= e.size
    }
  }

  delete(hash: string): void {
    const e = this.entries.get(hash)
    if (!e) return
    this.entries.delete(hash)
    this.bytes -= e.size
  }
}
