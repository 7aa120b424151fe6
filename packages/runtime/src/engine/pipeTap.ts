import type { ChannelSink } from './hostIo.ts'

/** Bytes of each pipe kept for the report: what the per-edge view shows as first lines. */
export const PIPE_HEAD_BYTES = 256

/** A pipe's write end that counts the bytes passing through and keeps the first of them. */
export class PipeTap implements ChannelSink {
  bytes = 0
  private readonly first = new Uint8Array(PIPE_HEAD_BYTES)
  private kept = 0

  constructor(private readonly sink: ChannelSink) {}

  write(offset: number, chunk: Uint8Array): Promise<void> {
    this.bytes = Math.max(this.bytes, offset + chunk.length)
    if (offset < PIPE_HEAD_BYTES) {
      const n = Math.min(chunk.length, PIPE_HEAD_BYTES - offset)
      this.first.set(chunk.subarray(0, n), offset)
      this.kept = Math.max(this.kept, offset + n)
    }
    return this.sink.write(offset, chunk)
  }

  end(): void {
    this.sink.end?.()
  }

  head(): Uint8Array {
    return this.first.slice(0, this.kept)
  }
}
