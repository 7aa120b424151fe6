import { ZeroLabError } from '@zerolab/shared'
import { createHash, randomUUID, type Hash } from 'node:crypto'
import { createReadStream, mkdirSync, readdirSync, rmSync } from 'node:fs'
import { open, rename, unlink, type FileHandle } from 'node:fs/promises'
import { join } from 'node:path'
import type { Readable } from 'node:stream'

/** A fully written, fsynced temp file not yet visible as an object. */
export interface PendingBlob {
  id: string
  size: number
  etag: string
}

export interface WriteOptions {
  maxBytes: number
  /** Content-Length when the client sent one; a shorter or longer body is refused. */
  expectedLength?: number | undefined
}

/** A blob being written at arbitrary offsets (BlobStore.begin). */
export interface BlobWriter {
  readonly size: number
  write(offset: number, chunk: Uint8Array): Promise<void>
  /** Fsyncs and closes the temp file; the result is committed (or discarded) by the caller. */
  finish(): Promise<PendingBlob>
  discard(): Promise<void>
}

/** MD5 of an open file, read in 1 MiB pieces. */
async function hashOpenFile(fh: FileHandle): Promise<string> {
  const md5 = createHash('md5')
  const buf = Buffer.allocUnsafe(1 << 20)
  for (let at = 0; ;) {
    const { bytesRead } = await fh.read(buf, 0, buf.length, at)
    if (bytesRead === 0) return md5.digest('hex')
    md5.update(buf.subarray(0, bytesRead))
    at += bytesRead
  }
}

const ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/

/**
 * Object bytes as files named by a random id (never by object name, so no name can reach
 * outside the data dir): `<data>/objects/<id[0..2]>/<id>`, written as `<data>/tmp/<id>` then
 * fsynced and renamed. Files not referenced by a committed row are swept at start-up.
 */
export class BlobStore {
  readonly objectsDir: string
  readonly tmpDir: string

  constructor(dataDir: string) {
    this.objectsDir = join(dataDir, 'objects')
    this.tmpDir = join(dataDir, 'tmp')
    mkdirSync(this.objectsDir, { recursive: true })
    mkdirSync(this.tmpDir, { recursive: true })
  }

  path(id: string): string {
    if (!ID.test(id)) throw new ZeroLabError('INTERNAL', `bad blob id ${id}`)
    return join(this.objectsDir, id.slice(0, 2), id)
  }

  private tmpPath(id: string): string {
    return join(this.tmpDir, id)
  }

  /** Streams `body` into a temp file, computing size and MD5; enforces the size limits. */
  async write(body: AsyncIterable<Uint8Array> | null, opts: WriteOptions): Promise<PendingBlob> {
    const id = randomUUID()
    const tmp = this.tmpPath(id)
    const fh = await open(tmp, 'wx')
    const md5 = createHash('md5')
    let size = 0
    try {
      if (body) {
        for await (const chunk of body) {
          size += chunk.byteLength
          if (size > opts.maxBytes) {
            throw new ZeroLabError(
              'PAYLOAD_TOO_LARGE',
              `object larger than the limit of ${opts.maxBytes} bytes`,
            )
          }
          if (opts.expectedLength !== undefined && size > opts.expectedLength) {
            throw new ZeroLabError('INVALID_REQUEST', 'body longer than Content-Length')
          }
          md5.update(chunk)
          let off = 0
          while (off < chunk.byteLength) {
            const { bytesWritten } = await fh.write(chunk, off, chunk.byteLength - off)
            off += bytesWritten
          }
        }
      }
      if (opts.expectedLength !== undefined && size !== opts.expectedLength) {
        throw new ZeroLabError('INVALID_REQUEST', 'body shorter than Content-Length')
      }
      await fh.sync()
    } catch (e) {
      await fh.close().catch(() => {})
      await unlink(tmp).catch(() => {})
      if (e instanceof ZeroLabError) throw e
      const code = (e as NodeJS.ErrnoException).code
      if (
        code === 'ECONNRESET' ||
        code === 'ERR_STREAM_PREMATURE_CLOSE' ||
        /aborted/i.test(String(e))
      ) {
        // Swift's 499: the client went away mid-upload; nothing was stored.
        throw new ZeroLabError('CANCELLED', 'client disconnected before the body was complete')
      }
      throw e
    }
    await fh.close()
    return { id, size, etag: md5.digest('hex') }
  }

  /**
   * A temp file written piece by piece at any offset (an instance's output); `finish()` fsyncs
   * it into a PendingBlob, computing the MD5 as appends arrive (or once over the file after
   * random writes). At most `maxBytes` in total.
   */
  async begin(maxBytes: number): Promise<BlobWriter> {
    const id = randomUUID()
    const tmp = this.tmpPath(id)
    const fh = await open(tmp, 'wx+')
    let md5: Hash | undefined = createHash('md5')
    let size = 0
    let closed = false
    const close = async (): Promise<void> => {
      if (closed) return
      closed = true
      await fh.close().catch(() => {})
    }
    return {
      get size() {
        return size
      },
      write: async (offset, chunk) => {
        if (closed) throw new ZeroLabError('INTERNAL', 'blob writer already finished')
        if (chunk.byteLength === 0) return
        if (offset + chunk.byteLength > maxBytes)
          throw new ZeroLabError(
            'PAYLOAD_TOO_LARGE',
            `object larger than the limit of ${maxBytes} bytes`,
          )
        if (md5 && offset === size) md5.update(chunk)
        else md5 = undefined
        for (let at = 0; at < chunk.byteLength;) {
          const { bytesWritten } = await fh.write(chunk, at, chunk.byteLength - at, offset + at)
          at += bytesWritten
        }
        size = Math.max(size, offset + chunk.byteLength)
      },
      finish: async () => {
        const etag = md5 ? md5.digest('hex') : await hashOpenFile(fh)
        await fh.sync()
        await close()
        return { id, size, etag }
      },
      discard: async () => {
        await close()
        await unlink(tmp).catch(() => {})
      },
    }
  }

  /** Makes the pending blob durable under its final name (rename + directory fsync). */
  async commit(p: PendingBlob): Promise<void> {
    const dir = join(this.objectsDir, p.id.slice(0, 2))
    mkdirSync(dir, { recursive: true })
    await rename(this.tmpPath(p.id), this.path(p.id))
    const dh = await open(dir, 'r')
    try {
      await dh.sync()
    } finally {
      await dh.close()
    }
  }

  async discard(p: PendingBlob): Promise<void> {
    await unlink(this.tmpPath(p.id)).catch(() => {})
    await this.remove(p.id)
  }

  async remove(id: string): Promise<void> {
    await unlink(this.path(id)).catch((e: NodeJS.ErrnoException) => {
      if (e.code !== 'ENOENT') throw e
    })
  }

  /** `end` is inclusive, as in HTTP ranges. */
  open(id: string, start?: number, end?: number): Readable {
    return createReadStream(this.path(id), { start, end })
  }

  /**
   * Deletes every temp file and every object file whose id is not in `live` (left by a
   * crash between rename and commit, or between commit and unlinking a replaced file).
   */
  sweep(live: (id: string) => boolean): { tmp: number; orphans: number } {
    let tmp = 0
    let orphans = 0
    for (const f of readdirSync(this.tmpDir)) {
      rmSync(join(this.tmpDir, f), { force: true, recursive: true })
      tmp++
    }
    for (const d of readdirSync(this.objectsDir)) {
      const dir = join(this.objectsDir, d)
      for (const f of readdirSync(dir)) {
        if (ID.test(f) && live(f)) continue
        rmSync(join(dir, f), { force: true, recursive: true })
        orphans++
      }
    }
    return { tmp, orphans }
  }
}
