import { createHash, randomBytes, type Hash } from 'node:crypto'
import { promises as fs, type Stats } from 'node:fs'
import { dirname, join, relative, sep } from 'node:path'
import { ZeroLabError } from '@zerolab/shared'
import {
  DEFAULT_CONTENT_TYPE,
  pageOf,
  type ListOptions,
  type ObjectInfo,
  type ObjectReader,
  type ObjectStore,
  type ObjectWriter,
  type PutOptions,
} from '../store/objectStore.ts'

interface Sidecar {
  etag: string
  bytes: number
  mtimeMs: number
  contentType: string
  meta: Record<string, string>
}

const TYPES: Record<string, string> = {
  txt: 'text/plain',
  json: 'application/json',
  csv: 'text/csv',
  html: 'text/html',
  js: 'text/javascript',
  wasm: 'application/wasm',
}

function guessType(name: string): string {
  const ext = /\.([A-Za-z0-9]+)$/.exec(name)?.[1]?.toLowerCase()
  return (ext && TYPES[ext]) ?? DEFAULT_CONTENT_TYPE
}

function checkName(kind: string, name: string, allowSlash: boolean): void {
  const parts = allowSlash ? name.split('/') : [name]
  if (
    name.length === 0 ||
    (!allowSlash && name.includes('/')) ||
    parts.some((p) => p === '' || p === '.' || p === '..') ||
    name.startsWith('.') ||
    name.includes('\0')
  ) {
    throw new ZeroLabError('INVALID_NAME', `bad ${kind} name ${JSON.stringify(name)}`, name)
  }
}

async function writeAtomic(tmpDir: string, target: string, data: string): Promise<void> {
  await fs.mkdir(tmpDir, { recursive: true })
  const tmp = join(tmpDir, tmpName())
  const fh = await fs.open(tmp, 'w')
  try {
    await fh.writeFile(data)
    await fh.sync()
  } finally {
    await fh.close()
  }
  await fs.mkdir(dirname(target), { recursive: true })
  await fs.rename(tmp, target)
}

const tmpName = (): string => `${Date.now()}-${randomBytes(6).toString('hex')}`

/** MD5 of an open file, read in 1 MiB pieces (never whole). */
export async function hashFile(fh: fs.FileHandle): Promise<string> {
  const md5 = createHash('md5')
  const buf = Buffer.allocUnsafe(1 << 20)
  for (let at = 0; ;) {
    const { bytesRead } = await fh.read(buf, 0, buf.length, at)
    if (bytesRead === 0) return md5.digest('hex')
    md5.update(buf.subarray(0, bytesRead))
    at += bytesRead
  }
}

/**
 * An ObjectStore over a directory: `<dir>/<account>/<container>/<object>` holds the bytes
 * (object names with `/` become subfolders), `<dir>/.meta/…/<object>.json` the metadata.
 * Writes stream into a temp file in `<dir>/.tmp`, fsynced and renamed into place at commit. Files copied in by hand
 * are objects too: their ETag is computed when the sidecar is missing or stale.
 * Limitation: an object `a` and an object `a/b` cannot both exist.
 */
export class DirStore implements ObjectStore {
  readonly dir: string

  constructor(dir: string) {
    this.dir = dir
  }

  private file(account: string, container: string, object: string): string {
    checkName('account', account, false)
    checkName('container', container, false)
    checkName('object', object, true)
    return join(this.dir, account, container, ...object.split('/'))
  }

  private sidecar(account: string, container: string, object: string): string {
    return join(this.dir, '.meta', account, container, ...object.split('/')) + '.json'
  }

  async listContainers(account: string): Promise<string[]> {
    checkName('account', account, false)
    try {
      const ents = await fs.readdir(join(this.dir, account), { withFileTypes: true })
      return ents
        .filter((e) => e.isDirectory() && !e.name.startsWith('.'))
        .map((e) => e.name)
        .sort()
    } catch {
      return []
    }
  }

  async list(account: string, container: string, opts?: ListOptions): Promise<ObjectInfo[]> {
    checkName('account', account, false)
    checkName('container', container, false)
    const root = join(this.dir, account, container)
    const prefix = opts?.prefix ?? ''
    const names: string[] = []
    const walk = async (d: string): Promise<void> => {
      let ents
      try {
        ents = await fs.readdir(d, { withFileTypes: true })
      } catch {
        return
      }
      for (const e of ents) {
        const p = join(d, e.name)
        const name = relative(root, p).split(sep).join('/')
        if (e.isDirectory()) {
          if (prefix.startsWith(name + '/') || (name + '/').startsWith(prefix) || prefix === '')
            await walk(p)
        } else if (e.isFile() && name.startsWith(prefix)) names.push(name)
      }
    }
    await walk(root)
    names.sort()
    const out: ObjectInfo[] = []
    for (const { name } of pageOf(
      names.map((name) => ({ name })),
      opts,
    )) {
      const info = await this.head(account, container, name)
      if (info) out.push(info)
    }
    return out
  }

  async head(account: string, container: string, object: string): Promise<ObjectInfo | undefined> {
    const r = await this.open(account, container, object)
    if (!r) return undefined
    await r.close()
    return r.info
  }

  async open(
    account: string,
    container: string,
    object: string,
  ): Promise<ObjectReader | undefined> {
    const file = this.file(account, container, object)
    let fh: fs.FileHandle
    try {
      fh = await fs.open(file, 'r')
    } catch {
      return undefined
    }
    try {
      const st = await fh.stat()
      if (!st.isFile()) {
        await fh.close()
        return undefined
      }
      const info = await this.describe(fh, st, [account, container, object])
      return {
        info,
        read: async (offset, into) => {
          if (into.length === 0 || offset >= info.bytes) return 0
          const { bytesRead } = await fh.read(into, 0, into.length, offset)
          return bytesRead
        },
        close: () => fh.close(),
        concurrent: true,
      }
    } catch (e) {
      await fh.close()
      throw e
    }
  }

  /** Metadata of the opened file: its sidecar, or a fresh ETag when the sidecar is missing or stale. */
  private async describe(
    fh: fs.FileHandle,
    st: Stats,
    [account, container, object]: [string, string, string],
  ): Promise<ObjectInfo> {
    let side: Sidecar | undefined
    try {
      side = JSON.parse(
        await fs.readFile(this.sidecar(account, container, object), 'utf8'),
      ) as Sidecar
    } catch {
      side = undefined
    }
    if (!side || side.bytes !== st.size || side.mtimeMs !== st.mtimeMs) {
      side = {
        etag: await hashFile(fh),
        bytes: st.size,
        mtimeMs: st.mtimeMs,
        contentType: side?.contentType ?? guessType(object),
        meta: side?.meta ?? {},
      }
      // Remember it, so a large file copied in by hand is hashed once (best effort).
      const target = this.sidecar(account, container, object)
      await writeAtomic(join(this.dir, '.tmp'), target, JSON.stringify(side)).catch(() => {})
    }
    return {
      name: object,
      bytes: st.size,
      etag: side.etag,
      contentType: side.contentType,
      lastModified: st.mtimeMs,
      meta: { ...side.meta },
    }
  }

  async create(
    account: string,
    container: string,
    object: string,
    opts?: PutOptions,
  ): Promise<ObjectWriter> {
    const file = this.file(account, container, object)
    const tmpDir = join(this.dir, '.tmp')
    await fs.mkdir(tmpDir, { recursive: true })
    const tmp = join(tmpDir, tmpName())
    const fh = await fs.open(tmp, 'wx+')
    let md5: Hash | undefined = createHash('md5')
    let bytes = 0
    let state: 'open' | 'done' = 'open'
    const finish = async (): Promise<void> => {
      if (state === 'done') return
      state = 'done'
      await fh.close().catch(() => {})
    }
    const abort = async (): Promise<void> => {
      await finish()
      await fs.rm(tmp, { force: true })
    }
    return {
      get bytes() {
        return bytes
      },
      write: async (offset, chunk) => {
        if (state !== 'open') throw new Error('writer already finished')
        if (chunk.length === 0) return
        if (md5 && offset === bytes) md5.update(chunk)
        else md5 = undefined
        for (let at = 0; at < chunk.length;) {
          const { bytesWritten } = await fh.write(chunk, at, chunk.length - at, offset + at)
          at += bytesWritten
        }
        bytes = Math.max(bytes, offset + chunk.length)
      },
      commit: async () => {
        if (state !== 'open') throw new Error('writer already finished')
        try {
          const etag = md5 ? md5.digest('hex') : await hashFile(fh)
          await fh.sync()
          await finish()
          await fs.mkdir(dirname(file), { recursive: true })
          await fs.rename(tmp, file)
          const st = await fs.stat(file)
          const side: Sidecar = {
            etag,
            bytes,
            mtimeMs: st.mtimeMs,
            contentType: opts?.contentType ?? guessType(object),
            meta: { ...opts?.meta },
          }
          await writeAtomic(tmpDir, this.sidecar(account, container, object), JSON.stringify(side))
          return {
            name: object,
            bytes,
            etag,
            contentType: side.contentType,
            lastModified: st.mtimeMs,
            meta: { ...side.meta },
          }
        } catch (e) {
          await abort()
          throw e
        }
      },
      abort,
    }
  }

  async delete(account: string, container: string, object: string): Promise<boolean> {
    const file = this.file(account, container, object)
    try {
      await fs.unlink(file)
    } catch {
      return false
    }
    await fs.rm(this.sidecar(account, container, object), { force: true })
    return true
  }
}
