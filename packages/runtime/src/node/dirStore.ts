import { createHash, randomBytes } from 'node:crypto'
import { promises as fs } from 'node:fs'
import { dirname, join, relative, sep } from 'node:path'
import { ZeroLabError } from '@zerolab/shared'
import {
  DEFAULT_CONTENT_TYPE,
  clampRange,
  pageOf,
  type ByteRange,
  type ListOptions,
  type ObjectInfo,
  type ObjectStore,
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

async function writeAtomic(
  tmpDir: string,
  target: string,
  data: Uint8Array | string,
): Promise<void> {
  await fs.mkdir(tmpDir, { recursive: true })
  const tmp = join(tmpDir, `${Date.now()}-${randomBytes(6).toString('hex')}`)
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

/**
 * An ObjectStore over a directory: `<dir>/<account>/<container>/<object>` holds the bytes
 * (object names with `/` become subfolders), `<dir>/.meta/…/<object>.json` the metadata.
 * Writes go to `<dir>/.tmp`, are fsynced and renamed into place. Files copied in by hand
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
    const file = this.file(account, container, object)
    let st
    try {
      st = await fs.stat(file)
    } catch {
      return undefined
    }
    if (!st.isFile()) return undefined
    let side: Sidecar | undefined
    try {
      side = JSON.parse(
        await fs.readFile(this.sidecar(account, container, object), 'utf8'),
      ) as Sidecar
    } catch {
      side = undefined
    }
    if (!side || side.bytes !== st.size || side.mtimeMs !== st.mtimeMs) {
      const etag = createHash('md5')
        .update(await fs.readFile(file))
        .digest('hex')
      side = {
        etag,
        bytes: st.size,
        mtimeMs: st.mtimeMs,
        contentType: side?.contentType ?? guessType(object),
        meta: side?.meta ?? {},
      }
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

  async get(
    account: string,
    container: string,
    object: string,
    range?: ByteRange,
  ): Promise<{ info: ObjectInfo; data: Uint8Array } | undefined> {
    const info = await this.head(account, container, object)
    if (!info) return undefined
    const [s, e] = clampRange(info.bytes, range)
    const fh = await fs.open(this.file(account, container, object), 'r')
    try {
      const data = new Uint8Array(e - s)
      let at = 0
      while (at < data.length) {
        const { bytesRead } = await fh.read(data, at, data.length - at, s + at)
        if (bytesRead === 0) break
        at += bytesRead
      }
      return { info, data: at === data.length ? data : data.subarray(0, at) }
    } finally {
      await fh.close()
    }
  }

  // eslint-disable-next-line max-params -- account, container, object as in Swift URLs
  async put(
    account: string,
    container: string,
    object: string,
    data: Uint8Array,
    opts?: PutOptions,
  ): Promise<ObjectInfo> {
    const file = this.file(account, container, object)
    const tmpDir = join(this.dir, '.tmp')
    await writeAtomic(tmpDir, file, data)
    const st = await fs.stat(file)
    const side: Sidecar = {
      etag: createHash('md5').update(data).digest('hex'),
      bytes: data.length,
      mtimeMs: st.mtimeMs,
      contentType: opts?.contentType ?? guessType(object),
      meta: { ...opts?.meta },
    }
    await writeAtomic(tmpDir, this.sidecar(account, container, object), JSON.stringify(side))
    return {
      name: object,
      bytes: data.length,
      etag: side.etag,
      contentType: side.contentType,
      lastModified: st.mtimeMs,
      meta: { ...side.meta },
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
