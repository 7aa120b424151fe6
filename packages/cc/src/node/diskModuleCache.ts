import { mkdir, readFile, readdir, rename, stat, unlink, utimes, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { CachedModule, ModuleCache } from '../createCompiler.ts'

const KEY = /^[0-9a-f]{64}$/
const STALE_TMP_MS = 10 * 60 * 1000

/**
 * Compiled modules as files `<key>.wasm` (+ `<key>.json` with the compiler's warnings) under
 * `dir`, at most `maxBytes` in all: the least recently used go first. Writes are temp file then
 * rename, so a reader never sees half a module.
 */
export class DiskModuleCache implements ModuleCache {
  private total: Promise<number> | undefined

  constructor(
    private readonly dir: string,
    private readonly maxBytes: number,
  ) {}

  async get(key: string): Promise<CachedModule | undefined> {
    if (!KEY.test(key)) return undefined
    const file = join(this.dir, `${key}.wasm`)
    try {
      const [wasm, meta] = await Promise.all([
        readFile(file),
        readFile(join(this.dir, `${key}.json`), 'utf8'),
      ])
      const now = new Date()
      await utimes(file, now, now).catch(() => undefined)
      const { log, diagnostics } = JSON.parse(meta) as Omit<CachedModule, 'wasm'>
      return { wasm: new Uint8Array(wasm), log, diagnostics }
    } catch {
      return undefined
    }
  }

  async put(key: string, m: CachedModule): Promise<void> {
    if (!KEY.test(key) || m.wasm.length > this.maxBytes) return
    await mkdir(this.dir, { recursive: true })
    const before = await (this.total ??= this.scan())
    const tmp = `.${key}.${process.pid}.${Date.now()}.tmp`
    const meta = JSON.stringify({ log: m.log, diagnostics: m.diagnostics })
    await writeFile(join(this.dir, `${tmp}.json`), meta)
    await writeFile(join(this.dir, `${tmp}.wasm`), m.wasm)
    // The .json first: a .wasm is only ever visible with its warnings next to it.
    await rename(join(this.dir, `${tmp}.json`), join(this.dir, `${key}.json`))
    await rename(join(this.dir, `${tmp}.wasm`), join(this.dir, `${key}.wasm`))
    const total = before + m.wasm.length + meta.length
    this.total = Promise.resolve(total)
    if (total > this.maxBytes) {
      this.total = this.prune()
      await this.total
    }
  }

  /** Bytes in the cache now. */
  size(): Promise<number> {
    return (this.total ??= this.scan())
  }

  private async entries(): Promise<{ key: string; bytes: number; used: number }[]> {
    let names: string[]
    try {
      names = await readdir(this.dir)
    } catch {
      return []
    }
    const out: { key: string; bytes: number; used: number }[] = []
    for (const name of names) {
      if (name.startsWith('.') && name.includes('.tmp.')) {
        await this.dropStale(name)
        continue
      }
      const key = name.slice(0, -'.wasm'.length)
      if (!name.endsWith('.wasm') || !KEY.test(key)) continue
      try {
        const [w, j] = await Promise.all([
          stat(join(this.dir, name)),
          stat(join(this.dir, `${key}.json`)).catch(() => ({ size: 0 })),
        ])
        out.push({ key, bytes: w.size + j.size, used: w.mtimeMs })
      } catch {
        // removed meanwhile
      }
    }
    return out
  }

  /** A put cut short by a crash leaves temp files; a running put's are minutes younger. */
  private async dropStale(name: string): Promise<void> {
    const file = join(this.dir, name)
    const st = await stat(file).catch(() => undefined)
    if (st && Date.now() - st.mtimeMs > STALE_TMP_MS) await unlink(file).catch(() => undefined)
  }

  private async scan(): Promise<number> {
    return (await this.entries()).reduce((n, e) => n + e.bytes, 0)
  }

  private async prune(): Promise<number> {
    const entries = (await this.entries()).sort((a, b) => a.used - b.used)
    let total = entries.reduce((n, e) => n + e.bytes, 0)
    for (const e of entries) {
      if (total <= this.maxBytes) break
      await unlink(join(this.dir, `${e.key}.wasm`)).catch(() => undefined)
      await unlink(join(this.dir, `${e.key}.json`)).catch(() => undefined)
      total -= e.bytes
    }
    return total
  }
}
