import { hashFile } from '@zerolab/runtime/node'
import { ZeroLabError } from '@zerolab/shared'
import { createHash, randomUUID, type Hash } from 'node:crypto'
import {
  closeSync,
  existsSync,
  fdatasync,
  mkdirSync,
  openSync,
  readdirSync,
  rmSync,
  writeSync,
} from 'node:fs'
import { link, mkdir, open, unlink, type FileHandle } from 'node:fs/promises'
import { join } from 'node:path'
import { promisify } from 'node:util'

const fdatasyncAsync = promisify(fdatasync)

/** Bytes written but not yet visible as an object: in a file, inline, or none (empty). */
export interface PendingBlob {
  /** File id under `objects/`; undefined when the bytes are inline or there are none. */
  id: string | undefined
  /** The bytes, when small enough to live in the database row. */
  inline: Buffer | undefined
  size: number
  etag: string
}

export interface WriteOptions {
  maxBytes: number
  /** Content-Length when the client sent one; a shorter or longer body is refused. */
  expectedLength?: number | undefined
  /** Bodies up to this many bytes stay in memory and are stored in the database. */
  inlineMax: number
}

/** A blob being written at arbitrary offsets (BlobStore.begin). */
export interface BlobWriter {
  readonly size: number
  write(offset: number, chunk: Uint8Array): Promise<void>
  /** Fsyncs and closes the file; the caller commits (or discards) the result. */
  finish(): Promise<PendingBlob>
  discard(): Promise<void>
}

const ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/
/** Empty files made ahead of time whose directory entries are already on disk. */
const POOL_LOW = 16
const POOL_BATCH = 48

const hex2 = (): string =>
  Math.floor(Math.random() * 256)
    .toString(16)
    .padStart(2, '0')

function disconnected(e: unknown): boolean {
  const code = (e as NodeJS.ErrnoException).code
  return (
    code === 'ECONNRESET' || code === 'ERR_STREAM_PREMATURE_CLOSE' || /aborted/i.test(String(e))
  )
}

/**
 * Object bytes as files named by a random id (never by object name, so no name can reach
 * outside the data dir): `<data>/objects/<id[0..2]>/<id>`.
 *
 * Crash safety without a rename per write: files are created empty in batches ahead of time
 * and their directory fsynced once per batch (`pool`). A write fills a pooled file in place and
 * fsyncs it; the database row that makes it an object is committed only after that. A file no
 * row references (a pooled one, or one whose upload died) is swept at start-up, so a crash
 * leaves nothing half-written visible and loses nothing committed.
 */
export class BlobStore {
  readonly objectsDir: string
  readonly tmpDir: string
  private readonly pool: string[] = []
  /** Pooled files, and those of a batch being made: not orphans, whenever a sweep runs. */
  private readonly spare = new Set<string>()
  private refilling: Promise<void> | undefined

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

  /**
   * Streams `body` into a pooled file (or memory, up to `inlineMax`), with size and MD5.
   *
   * The chunks are written with plain blocking writes: they land in the page cache in
   * microseconds, less than a thread-pool round trip per chunk costs (and on a loaded machine
   * each round trip also waits for two threads to be scheduled). The slow part, the fdatasync
   * that makes the bytes durable, runs in the thread pool (the object server of OpenStack Swift
   * does the same: blocking writes, fsync in a thread).
   */
  async write(
    body: AsyncIterable<Uint8Array> | Iterable<Uint8Array> | null,
    opts: WriteOptions,
  ): Promise<PendingBlob> {
    const md5 = createHash('md5')
    const held: Buffer[] = []
    let size = 0
    let fd: number | undefined
    let id: string | undefined
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
          if (fd === undefined && size <= opts.inlineMax) {
            held.push(Buffer.from(chunk))
            continue
          }
          if (fd === undefined) {
            id = await this.take()
            fd = openSync(this.path(id), 'r+')
            for (const b of held.splice(0)) writeAllSync(fd, b)
          }
          writeAllSync(fd, chunk)
        }
      }
      if (opts.expectedLength !== undefined && size !== opts.expectedLength) {
        throw new ZeroLabError('INVALID_REQUEST', 'body shorter than Content-Length')
      }
      if (fd !== undefined) {
        await fdatasyncAsync(fd)
        closeSync(fd)
        fd = undefined
      }
    } catch (e) {
      if (fd !== undefined) closeSync(fd)
      if (id) await this.remove(id).catch(() => {})
      if (e instanceof ZeroLabError) throw e
      // Swift's 499: the client went away mid-upload; nothing was stored.
      if (disconnected(e))
        throw new ZeroLabError('CANCELLED', 'client disconnected before the body was complete')
      throw e
    }
    const inline = id === undefined && size > 0 ? Buffer.concat(held, size) : undefined
    return { id, inline, size, etag: md5.digest('hex') }
  }

  /**
   * Bytes written piece by piece at any offset (an instance's output): in memory while they fit
   * in `inlineMax` (stored in the row, as small PUTs are), then in a pooled file. `finish()`
   * fsyncs them into pending bytes, with the MD5 computed as appends arrive (or once over the
   * bytes after random writes). At most `maxBytes` in total.
   */
  begin(maxBytes: number, inlineMax: number): BlobWriter {
    let mem: Buffer | undefined
    let fh: FileHandle | undefined
    let id: string | undefined
    let md5: Hash | undefined = createHash('md5')
    let size = 0
    let closed = false
    const close = async (): Promise<void> => {
      if (closed) return
      closed = true
      await fh?.close().catch(() => {})
    }
    const toFile = async (): Promise<FileHandle> => {
      id = await this.take()
      const f = await open(this.path(id), 'r+')
      if (mem && size > 0) await writeAll(f, mem.subarray(0, size))
      mem = undefined
      return f
    }
    return {
      get size() {
        return size
      },
      write: async (offset, chunk) => {
        if (closed) throw new ZeroLabError('INTERNAL', 'blob writer already finished')
        if (chunk.byteLength === 0) return
        const end = offset + chunk.byteLength
        if (end > maxBytes)
          throw new ZeroLabError(
            'PAYLOAD_TOO_LARGE',
            `object larger than the limit of ${maxBytes} bytes`,
          )
        if (md5 && offset === size) md5.update(chunk)
        else md5 = undefined
        if (!fh && end <= inlineMax) {
          // Zero-filled, so a gap left by a random write reads as zeros, as in a file.
          mem ??= Buffer.alloc(inlineMax)
          mem.set(chunk, offset)
        } else {
          fh ??= await toFile()
          for (let at = 0; at < chunk.byteLength;) {
            const { bytesWritten } = await fh.write(chunk, at, chunk.byteLength - at, offset + at)
            at += bytesWritten
          }
        }
        size = Math.max(size, end)
      },
      finish: async () => {
        if (!fh) {
          const inline = mem && size > 0 ? Buffer.from(mem.subarray(0, size)) : undefined
          const etag = md5
            ? md5.digest('hex')
            : createHash('md5')
                .update(inline ?? '')
                .digest('hex')
          await close()
          return { id: undefined, inline, size, etag }
        }
        const etag = md5 ? md5.digest('hex') : await hashFile(fh)
        await fh.datasync()
        await close()
        return { id, inline: undefined, size, etag }
      },
      discard: async () => {
        await close()
        mem = undefined
        if (id) await this.remove(id)
      },
    }
  }

  /** A second name for an existing file (a copy or a version that costs no bytes). */
  async linkCopy(id: string): Promise<string> {
    const copy = randomUUID()
    const dir = join(this.objectsDir, copy.slice(0, 2))
    const made = !existsSync(dir)
    await mkdir(dir, { recursive: true })
    await link(this.path(id), this.path(copy))
    await fsyncDir(dir)
    if (made) await fsyncDir(this.objectsDir)
    return copy
  }

  async discard(p: PendingBlob): Promise<void> {
    if (p.id) await this.remove(p.id)
  }

  async remove(id: string): Promise<void> {
    await unlink(this.path(id)).catch((e: NodeJS.ErrnoException) => {
      if (e.code !== 'ENOENT') throw e
    })
  }

  /** A pooled empty file whose directory entry is durable. */
  private async take(): Promise<string> {
    while (this.pool.length === 0) await this.refill()
    if (this.pool.length < POOL_LOW) this.refill().catch(() => {})
    const id = this.pool.pop()!
    this.spare.delete(id)
    return id
  }

  private refill(): Promise<void> {
    this.refilling ??= this.makeBatch().finally(() => {
      this.refilling = undefined
    })
    return this.refilling
  }

  /** Creates a batch of empty files in one subdirectory, then fsyncs that directory once. */
  private async makeBatch(): Promise<void> {
    const prefix = hex2()
    const dir = join(this.objectsDir, prefix)
    const made = !existsSync(dir)
    await mkdir(dir, { recursive: true })
    const ids: string[] = []
    for (let i = 0; i < POOL_BATCH; i++) {
      const id = prefix + randomUUID().slice(2)
      this.spare.add(id)
      await (await open(join(dir, id), 'wx')).close()
      ids.push(id)
    }
    await fsyncDir(dir)
    if (made) await fsyncDir(this.objectsDir)
    this.pool.push(...ids)
  }

  /**
   * Deletes every temp file and every object file whose id is not in `live` and not spare (a
   * pooled file of an earlier run, an upload cut by a crash, or a replaced file not yet unlinked).
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
        if (ID.test(f) && (live(f) || this.spare.has(f))) continue
        rmSync(join(dir, f), { force: true, recursive: true })
        orphans++
      }
    }
    return { tmp, orphans }
  }
}

async function writeAll(fh: FileHandle, chunk: Uint8Array): Promise<void> {
  let off = 0
  while (off < chunk.byteLength) {
    const { bytesWritten } = await fh.write(chunk, off, chunk.byteLength - off)
    off += bytesWritten
  }
}

function writeAllSync(fd: number, chunk: Uint8Array): void {
  for (let off = 0; off < chunk.byteLength;) off += writeSync(fd, chunk, off)
}

async function fsyncDir(dir: string): Promise<void> {
  const dh = await open(dir, 'r')
  try {
    await dh.sync()
  } finally {
    await dh.close()
  }
}
