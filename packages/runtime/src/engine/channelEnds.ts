import type { ObjectInfo, ObjectStore, ObjectWriter } from '../store/objectStore.ts'
import type { ChannelSink, ChannelSource } from './hostIo.ts'
import type { Spool } from './spool.ts'

/** A source over bytes in memory (a request body). */
export function bytesSource(data: Uint8Array): ChannelSource {
  return {
    read: async (offset, into) => {
      const n = Math.max(0, Math.min(into.length, data.length - offset))
      into.set(data.subarray(offset, offset + n))
      return n
    },
    close: async () => {},
  }
}

/** A source over spool entries read one after another (a pipe; routed devices concatenate). */
export function spoolSource(spool: Spool, keys: string[]): ChannelSource {
  let k = 0
  let base = 0
  return {
    // Sequential channels only: `offset` is where the previous read ended.
    read: async (offset, into) => {
      while (k < keys.length) {
        const n = await spool.read(keys[k]!, offset - base, into)
        if (n > 0) return n
        k++
        base = offset
      }
      return 0
    },
    close: async () => {},
  }
}

/** A sink appending to a spool entry (pipe data, routed devices). */
export function spoolSink(spool: Spool, key: string): ChannelSink {
  return { write: (_offset, chunk) => spool.append(key, chunk) }
}

/** An object output: bytes go to the store's temporary object, committed only at `ok`. */
export class ObjectSink implements ChannelSink {
  constructor(readonly writer: ObjectWriter) {}

  write(offset: number, chunk: Uint8Array): Promise<void> {
    return this.writer.write(offset, chunk)
  }

  static async open(
    store: ObjectStore,
    o: { account: string; container: string; object: string },
    opts: { contentType: string; meta?: Record<string, string> },
  ): Promise<ObjectSink> {
    return new ObjectSink(await store.create(o.account, o.container, o.object, opts))
  }

  commit(): Promise<ObjectInfo> {
    return this.writer.commit()
  }

  abort(): Promise<void> {
    return this.writer.abort()
  }
}

/** Live output of one stream, as the engine hands it to its watchers. */
export type OutputListener = (text: string) => void

/**
 * stdout / stderr: the first `cap` bytes for the report, everything (up to `bodyMax`) to the
 * job's response body when this is the instance's path-less device, and live text to a
 * watcher at most every `intervalMs`, `liveMax` bytes per event (the rest of a burst is
 * counted, not sent).
 */
export class CaptureSink implements ChannelSink {
  private head: Uint8Array
  private headLen = 0
  total = 0
  private bodyLeft: number
  private pending: Uint8Array[] = []
  private pendingLen = 0
  private skipped = 0
  private timer: ReturnType<typeof setTimeout> | undefined
  private readonly decoder = new TextDecoder()

  constructor(
    private readonly o: {
      cap: number
      body?: { spool: Spool; key: string; max: number }
      live?: OutputListener
      intervalMs?: number
      liveMax?: number
    },
  ) {
    this.head = new Uint8Array(Math.min(o.cap, 64 * 1024))
    this.bodyLeft = o.body ? o.body.max + 1 : 0
  }

  async write(_offset: number, chunk: Uint8Array): Promise<void> {
    this.total += chunk.length
    const keep = Math.min(chunk.length, this.o.cap - this.headLen)
    if (keep > 0) {
      if (this.headLen + keep > this.head.length) {
        const next = new Uint8Array(
          Math.min(this.o.cap, Math.max(this.head.length * 2, this.headLen + keep)),
        )
        next.set(this.head.subarray(0, this.headLen))
        this.head = next
      }
      this.head.set(chunk.subarray(0, keep), this.headLen)
      this.headLen += keep
    }
    if (this.o.live) this.queueLive(chunk)
    const body = this.o.body
    if (body && this.bodyLeft > 0) {
      const part = chunk.subarray(0, Math.min(chunk.length, this.bodyLeft))
      this.bodyLeft -= part.length
      await body.spool.append(body.key, part)
    }
  }

  /** The captured head, and whether more was written. */
  captured(): { bytes: Uint8Array; cut: boolean } {
    return { bytes: this.head.subarray(0, this.headLen), cut: this.total > this.headLen }
  }

  private queueLive(chunk: Uint8Array): void {
    const max = this.o.liveMax ?? 16 * 1024
    const room = max - this.pendingLen
    if (room > 0) {
      const part = chunk.slice(0, Math.min(room, chunk.length))
      this.pending.push(part)
      this.pendingLen += part.length
    }
    this.skipped += Math.max(0, chunk.length - Math.max(0, room))
    this.timer ??= setTimeout(() => this.flushLive(), this.o.intervalMs ?? 250)
  }

  /** Sends what is pending now (the instance ended). */
  flushLive(): void {
    if (this.timer) clearTimeout(this.timer)
    this.timer = undefined
    if (!this.o.live || (this.pendingLen === 0 && this.skipped === 0)) return
    let text = ''
    for (const p of this.pending) text += this.decoder.decode(p, { stream: true })
    if (this.skipped > 0) text += `\n[… ${this.skipped} bytes not shown live]\n`
    this.pending = []
    this.pendingLen = 0
    this.skipped = 0
    this.o.live(text)
  }
}
