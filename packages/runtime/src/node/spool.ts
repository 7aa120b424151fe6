import { promises as fs } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Spool } from '../engine/spool.ts'

/** A Spool in a temp directory: one file per key, removed on close. */
export class FileSpool implements Spool {
  private dir: Promise<string>
  private readonly files = new Map<string, string>()
  private seq = 0

  constructor(parent: string = tmpdir()) {
    this.dir = fs.mkdtemp(join(parent, 'zerolab-spool-'))
  }

  async put(key: string, data: Uint8Array): Promise<void> {
    const file = join(await this.dir, String(++this.seq))
    await fs.writeFile(file, data)
    const old = this.files.get(key)
    this.files.set(key, file)
    if (old) await fs.rm(old, { force: true })
  }

  async get(key: string): Promise<Uint8Array> {
    const file = this.files.get(key)
    if (!file) return new Uint8Array(0)
    return new Uint8Array(await fs.readFile(file))
  }

  async delete(key: string): Promise<void> {
    const file = this.files.get(key)
    if (!file) return
    this.files.delete(key)
    await fs.rm(file, { force: true })
  }

  async close(): Promise<void> {
    this.files.clear()
    await fs.rm(await this.dir, { recursive: true, force: true })
  }
}
