import { promises as fs } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Spool } from '../engine/spool.ts'

interface Entry {
  file: string
  /** Open while the entry is being appended to. */
  handle?: fs.FileHandle
  /** Open once something read it (a reader streams it in many ranges). */
  reader?: fs.FileHandle
  size: number
}

/** A Spool in a temp directory: one file per key, removed on close. */
export class FileSpool implements Spool {
  private dir: Promise<string>
  private readonly files = new Map<string, Entry>()
  private seq = 0

  constructor(parent: string = tmpdir()) {
    this.dir = fs.mkdtemp(join(parent, 'zerolab-spool-'))
  }

  async put(key: string, data: Uint8Array): Promise<void> {
    const file = join(await this.dir, String(++this.seq))
    await fs.writeFile(file, data)
    await this.delete(key)
    this.files.set(key, { file, size: data.length })
  }

  async append(key: string, data: Uint8Array): Promise<void> {
    let e = this.files.get(key)
    if (!e) {
      e = { file: join(await this.dir, String(++this.seq)), size: 0 }
      this.files.set(key, e)
    }
    e.handle ??= await fs.open(e.file, 'a')
    // Shared memory is written out before this resolves; the caller may reuse it after.
    for (let at = 0; at < data.length;) {
      const { bytesWritten } = await e.handle.write(data, at, data.length - at)
      at += bytesWritten
    }
    e.size += data.length
  }

  async get(key: string): Promise<Uint8Array> {
    const e = this.files.get(key)
    if (!e) return new Uint8Array(0)
    return new Uint8Array(await fs.readFile(e.file))
  }

  async read(key: string, offset: number, into: Uint8Array): Promise<number> {
    const e = this.files.get(key)
    if (!e || offset >= e.size || into.length === 0) return 0
    e.reader ??= await fs.open(e.file, 'r')
    const len = Math.min(into.length, e.size - offset)
    const { bytesRead } = await e.reader.read(into, 0, len, offset)
    return bytesRead
  }

  async delete(key: string): Promise<void> {
    const e = this.files.get(key)
    if (!e) return
    this.files.delete(key)
    await e.handle?.close()
    await e.reader?.close()
    await fs.rm(e.file, { force: true })
  }

  async close(): Promise<void> {
    const entries = [...this.files.values()]
    this.files.clear()
    for (const e of entries) {
      await e.handle?.close()
      await e.reader?.close()
    }
    await fs.rm(await this.dir, { recursive: true, force: true })
  }
}
