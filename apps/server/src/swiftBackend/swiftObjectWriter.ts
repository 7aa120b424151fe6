import { ZeroLabError } from '@zerolab/shared'
import type { ObjectInfo, PutOptions } from '@zerolab/runtime'
import { createHash, type Hash } from 'node:crypto'
import { createReadStream, promises as fs } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { drain } from './httpClient.ts'
import { infoFromHeaders, swiftError, swiftPath, type SwiftClient } from './swiftClient.ts'

/** Bytes kept in memory before an output moves to a temporary file. */
const MEMORY_BYTES = 1024 * 1024

export interface WriterTarget {
  client: SwiftClient
  account: string
  container: string
  object: string
  opts: PutOptions
  /** Directory for temporary files; default the OS temp dir. */
  tmpDir?: string
}

/**
 * A new object version written locally first (memory, then a temporary file past 1 MiB, so
 * memory stays flat whatever the size), sent to Swift in one PUT with its MD5 as `ETag` at
 * `commit`. Nothing reaches Swift before commit, so an instance that fails (or a node that
 * dies) leaves no object, partial or whole; and Swift checks the ETag, so a corrupted upload
 * is refused rather than stored. Random writes are supported (the file takes them).
 */
export class SwiftObjectWriter {
  bytes = 0
  private chunks: Buffer[] = []
  private md5: Hash | undefined = createHash('md5')
  private file: { path: string; fd: fs.FileHandle } | undefined
  private done = false

  constructor(private readonly t: WriterTarget) {}

  async write(offset: number, chunk: Uint8Array): Promise<void> {
    if (this.done) throw new ZeroLabError('CONFLICT', `${this.t.object}: writer already closed`)
    if (chunk.length === 0) return
    const end = offset + chunk.length
    if (this.md5 && offset === this.bytes) this.md5.update(chunk)
    else this.md5 = undefined // a random write: hash the finished file at commit
    if (!this.file && (offset !== this.bytes || end > MEMORY_BYTES)) await this.spill()
    if (this.file) await this.file.fd.write(chunk, 0, chunk.length, offset)
    else this.chunks.push(Buffer.from(chunk)) // a copy: `chunk` may be shared memory
    this.bytes = Math.max(this.bytes, end)
  }

  private async spill(): Promise<void> {
    const dir = await fs.mkdtemp(join(this.t.tmpDir ?? tmpdir(), 'zerolab-out-'))
    const path = join(dir, 'object')
    const fd = await fs.open(path, 'w+')
    this.file = { path, fd }
    let at = 0
    for (const c of this.chunks) {
      await fd.write(c, 0, c.length, at)
      at += c.length
    }
    this.chunks = []
  }

  private async etag(): Promise<string> {
    if (this.md5) return this.md5.digest('hex')
    const h = createHash('md5')
    for await (const c of createReadStream(this.file!.path, { end: this.bytes - 1 }))
      h.update(c as Buffer)
    return h.digest('hex')
  }

  async commit(): Promise<ObjectInfo> {
    if (this.done) throw new ZeroLabError('CONFLICT', `${this.t.object}: writer already closed`)
    this.done = true
    try {
      const etag = await this.etag()
      const { client, account, container, object, opts } = this.t
      const headers: Record<string, string> = {
        'content-type': opts.contentType ?? 'application/octet-stream',
        'content-length': String(this.bytes),
        etag,
      }
      for (const [k, v] of Object.entries(opts.meta ?? {})) headers[`x-object-meta-${k}`] = v
      const body =
        this.file && this.bytes > 0
          ? createReadStream(this.file.path, { start: 0, end: this.bytes - 1 })
          : Buffer.concat(this.chunks)
      const res = await client.request('PUT', swiftPath(account, container, object), {
        headers,
        body,
      })
      if (res.status !== 201) throw await swiftError(res, `${account}/${container}/${object}`)
      await drain(res)
      const info = infoFromHeaders(object, res.headers)
      return {
        ...info,
        bytes: this.bytes,
        etag: info.etag || etag,
        contentType: headers['content-type']!,
        lastModified: info.lastModified || Date.now(),
        meta: { ...opts.meta },
      }
    } finally {
      await this.cleanup()
    }
  }

  async abort(): Promise<void> {
    this.done = true
    await this.cleanup()
  }

  private async cleanup(): Promise<void> {
    this.chunks = []
    const f = this.file
    this.file = undefined
    if (!f) return
    await f.fd.close().catch(() => {})
    await fs.rm(join(f.path, '..'), { recursive: true, force: true })
  }
}
