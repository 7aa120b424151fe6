import type { ChannelSink, ChannelSource } from './hostIo.ts'

/** Bytes a relay holds between its writer and its reader before the writer waits. */
export const RELAY_BYTES = 256 * 1024

/**
 * A pipe between two instances that run at the same time (a cycle, request/reply): the host
 * takes what the writer's ring gives it and hands it to the reader's ring through a small
 * bounded buffer, so each side blocks on the other (backpressure both ways). The reader sees
 * end-of-file once the writer ended (`end`) and everything was read; once the reader is gone
 * the writer's bytes are accepted and dropped.
 */
export class PipeRelay {
  private readonly chunks: Uint8Array[] = []
  private head = 0
  /** Bytes held now. */
  held = 0
  /** Bytes that went through. */
  moved = 0
  private ended = false
  private readerGone = false
  private wakeReader: (() => void) | undefined
  private wakeWriter: (() => void) | undefined
  /** A side waits on the other (the deadlock check reads these). */
  readerWaiting = false
  writerWaiting = false

  constructor(private readonly max = RELAY_BYTES) {}

  readonly sink: ChannelSink = {
    write: async (_offset, chunk) => {
      if (this.readerGone || this.ended || chunk.length === 0) return
      this.chunks.push(chunk.slice())
      this.held += chunk.length
      this.wakeReader?.()
      while (this.held > this.max && !this.readerGone) {
        this.writerWaiting = true
        await new Promise<void>((r) => (this.wakeWriter = r))
        this.writerWaiting = false
      }
    },
    end: () => this.end(),
  }

  readonly source: ChannelSource = {
    read: async (_offset, into) => {
      while (this.held === 0 && !this.ended && !this.readerGone) {
        this.readerWaiting = true
        await new Promise<void>((r) => (this.wakeReader = r))
        this.readerWaiting = false
      }
      let n = 0
      while (n < into.length && this.chunks.length > 0) {
        const c = this.chunks[0]!
        const take = Math.min(c.length - this.head, into.length - n)
        into.set(c.subarray(this.head, this.head + take), n)
        n += take
        this.head += take
        if (this.head === c.length) {
          this.chunks.shift()
          this.head = 0
        }
      }
      this.held -= n
      this.moved += n
      if (this.held <= this.max) this.wakeWriter?.()
      return n
    },
    close: async () => {
      this.readerGone = true
      this.chunks.length = 0
      this.held = 0
      this.wakeWriter?.()
      this.wakeReader?.()
    },
  }

  /** The writer ended: the reader gets end-of-file after the rest. */
  end(): void {
    this.ended = true
    this.wakeReader?.()
  }
}
