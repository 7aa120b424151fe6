import type { ChannelSink, ChannelSource } from './hostIo.ts'

/**
 * A pipe between two instances that run at the same time (a cycle, request/reply, a writer
 * and its lone reader): the host hands what the writer's ring gives it straight to the
 * reader's ring, without a copy in between. A write resolves once the reader took all of it,
 * and the writer's ring is only released then, so each side blocks on the other
 * (backpressure both ways) and the pipe holds no more than the two rings. The reader sees
 * end-of-file once the writer ended (`end`) and everything was read; once the reader is gone
 * the writer's bytes are accepted and dropped.
 */
export class PipeRelay {
  /** What the writer handed over and the reader has not taken yet (a view of its ring). */
  private chunk: Uint8Array | undefined
  private at = 0
  /** Bytes handed over and not yet read. */
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

  readonly sink: ChannelSink = {
    write: async (_offset, chunk) => {
      if (this.readerGone || this.ended || chunk.length === 0) return
      this.chunk = chunk
      this.at = 0
      this.held = chunk.length
      this.wakeReader?.()
      while (this.chunk !== undefined && !this.readerGone) {
        this.writerWaiting = true
        await new Promise<void>((r) => (this.wakeWriter = r))
        this.writerWaiting = false
      }
      this.chunk = undefined
      this.held = 0
    },
    end: () => this.end(),
  }

  readonly source: ChannelSource = {
    read: async (_offset, into) => {
      while (this.chunk === undefined && !this.ended && !this.readerGone) {
        this.readerWaiting = true
        await new Promise<void>((r) => (this.wakeReader = r))
        this.readerWaiting = false
      }
      const c = this.chunk
      if (c === undefined || this.readerGone) return 0
      const n = Math.min(into.length, c.length - this.at)
      into.set(c.subarray(this.at, this.at + n))
      this.at += n
      this.held -= n
      this.moved += n
      if (this.at === c.length) {
        this.chunk = undefined
        this.wakeWriter?.()
      }
      return n
    },
    close: async () => {
      this.readerGone = true
      this.chunk = undefined
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
