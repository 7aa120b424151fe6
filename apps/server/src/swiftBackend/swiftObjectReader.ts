import { ZeroLabError } from '@zerolab/shared'
import type { ObjectInfo } from '@zerolab/runtime'
import { httpRequest, type HttpResponse } from './httpClient.ts'
import { swiftError } from './swiftClient.ts'

/** Where one copy of an object can be read with a GET. */
export interface ReadSource {
  url: string
  headers: Record<string, string | undefined>
  /** An object server on this host rather than the proxy. */
  local: boolean
}

/** Bytes read, split by where they came from. */
export interface ReadStats {
  localBytes: number
  remoteBytes: number
}

/**
 * One version of an object read in ranges: sequential reads share one streamed GET
 * (`Range: bytes=<offset>-`), a jump opens a new one. Every GET carries `If-Match` with the
 * ETag the object had when opened, so a replaced object is an error, never a mix. A source
 * that fails (an object server down, a stale replica: 404/412) gives way to the next one
 * (the proxy last), from the same offset.
 */
export class SwiftObjectReader {
  private res: HttpResponse | undefined
  private it: AsyncIterator<Buffer> | undefined
  private left: Buffer | undefined
  private pos = -1
  private src = 0

  constructor(
    readonly info: ObjectInfo,
    private readonly sources: ReadSource[],
    private readonly stats: ReadStats,
  ) {}

  /** Whether the bytes come (so far) from an object server on this host. */
  get local(): boolean {
    return this.sources[this.src]?.local === true
  }

  async read(offset: number, into: Uint8Array): Promise<number> {
    if (offset >= this.info.bytes || into.length === 0) return 0
    for (;;) {
      try {
        return await this.readOnce(offset, into)
      } catch (e) {
        // A copy that breaks mid-way (its server died): the next copy, from the same offset.
        if (this.src >= this.sources.length - 1) throw e
        this.src++
        this.drop()
      }
    }
  }

  private async readOnce(offset: number, into: Uint8Array): Promise<number> {
    if (offset !== this.pos || !this.it) await this.openAt(offset)
    let chunk = this.left
    this.left = undefined
    if (!chunk) {
      const next = await this.it!.next()
      if (next.done) {
        if (this.pos < this.info.bytes)
          throw new ZeroLabError(
            'UNAVAILABLE',
            `${this.info.name}: body ended at ${this.pos} of ${this.info.bytes} bytes`,
          )
        return 0
      }
      chunk = next.value
    }
    const n = Math.min(chunk.length, into.length)
    into.set(chunk.subarray(0, n))
    if (n < chunk.length) this.left = chunk.subarray(n)
    this.pos += n
    if (this.sources[this.src]!.local) this.stats.localBytes += n
    else this.stats.remoteBytes += n
    return n
  }

  private async openAt(offset: number): Promise<void> {
    this.drop()
    for (; this.src < this.sources.length; this.src++) {
      const s = this.sources[this.src]!
      let res: HttpResponse
      try {
        res = await httpRequest(s.url, {
          method: 'GET',
          headers: { ...s.headers, range: `bytes=${offset}-`, 'if-match': `"${this.info.etag}"` },
        })
      } catch (e) {
        if (this.src < this.sources.length - 1) continue
        throw e
      }
      if (res.status === 206 || (res.status === 200 && offset === 0)) {
        this.res = res
        this.it = (res.body as AsyncIterable<Buffer>)[Symbol.asyncIterator]()
        this.pos = offset
        return
      }
      const err = await swiftError(res, this.info.name)
      if (this.src === this.sources.length - 1) throw err
    }
    throw new ZeroLabError('UNAVAILABLE', `${this.info.name}: no copy could be read`)
  }

  private drop(): void {
    this.pos = -1
    this.res?.body.destroy()
    this.res = undefined
    this.it = undefined
    this.left = undefined
  }

  async close(): Promise<void> {
    this.drop()
  }
}
