import { ZeroLabError } from '@zerolab/shared'
import { close, read } from 'node:fs'
import { promisify } from 'node:util'
import type {
  ListOptions,
  ObjectInfo,
  ObjectReader,
  ObjectStore,
  ObjectWriter,
  PutOptions,
} from '@zerolab/runtime'
import type { Principal } from '../auth/principal.ts'
import type { ObjectService } from '../storage/objectService.ts'
import type { Meta, ObjectInfo as ServerObjectInfo } from '../storage/types.ts'

const META_PREFIX = 'x-object-meta-'
const PAGE = 10_000

function toMeta(m: Meta): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [k, v] of Object.entries(m))
    if (k.startsWith(META_PREFIX)) out[k.slice(META_PREFIX.length)] = v
  return out
}

function fromMeta(m: Record<string, string> | undefined): Meta {
  const out: Meta = {}
  for (const [k, v] of Object.entries(m ?? {})) out[`${META_PREFIX}${k.toLowerCase()}`] = v
  return out
}

function info(i: ServerObjectInfo): ObjectInfo {
  return {
    name: i.name,
    bytes: i.size,
    etag: i.etag,
    contentType: i.contentType,
    lastModified: i.lastModifiedMs,
    meta: toMeta(i.meta),
  }
}

const readFd = promisify(read)
const closeFd = promisify(close)

const missing = (e: unknown): boolean => e instanceof ZeroLabError && e.code === 'NOT_FOUND'

/**
 * The server's object service seen by the engine as one caller: every read and write goes
 * through the same ACL checks a Swift request of that principal would.
 */
export class PrincipalStore implements ObjectStore {
  constructor(
    private readonly svc: ObjectService,
    private readonly who: Principal | null,
  ) {}

  async listContainers(account: string): Promise<string[]> {
    const names: string[] = []
    let marker: string | undefined
    for (;;) {
      const { entries } = this.svc.listAccount(this.who, account, { marker, limit: PAGE })
      for (const e of entries) if (e.kind === 'container') names.push(e.name)
      const last = entries[entries.length - 1]
      if (entries.length < PAGE || !last || last.kind !== 'container') return names
      marker = last.name
    }
  }

  /** One page when `opts.limit` is set (at most PAGE), else the whole listing. */
  async list(account: string, container: string, opts: ListOptions = {}): Promise<ObjectInfo[]> {
    const out: ObjectInfo[] = []
    let marker = opts.marker
    const one = opts.limit !== undefined
    for (;;) {
      const { entries } = this.svc.listContainer(this.who, account, container, {
        prefix: opts.prefix,
        marker,
        limit: one ? Math.min(PAGE, opts.limit!) : PAGE,
      })
      for (const e of entries)
        if (e.kind === 'object')
          out.push({
            name: e.name,
            bytes: e.size,
            etag: e.etag,
            contentType: e.contentType,
            lastModified: e.lastModifiedMs,
            meta: {},
          })
      const last = entries[entries.length - 1]
      if (one || entries.length < PAGE || !last || last.kind !== 'object') return out
      marker = last.name
    }
  }

  async head(account: string, container: string, object: string): Promise<ObjectInfo | undefined> {
    try {
      return info(this.svc.headObject(this.who, { account, container, name: object }))
    } catch (e) {
      if (missing(e)) return undefined
      throw e
    }
  }

  async open(
    account: string,
    container: string,
    object: string,
  ): Promise<ObjectReader | undefined> {
    let o
    try {
      o = this.svc.openObject(this.who, { account, container, name: object })
    } catch (e) {
      if (missing(e)) return undefined
      throw e
    }
    const { fd } = o
    const size = o.info.size
    let closed = false
    return {
      info: info(o.info),
      read: async (offset, into) => {
        if (into.length === 0 || offset >= size) return 0
        const r = await readFd(fd, into, 0, Math.min(into.length, size - offset), offset)
        return r.bytesRead
      },
      close: async () => {
        if (closed) return
        closed = true
        await closeFd(fd)
      },
    }
  }

  async create(
    account: string,
    container: string,
    object: string,
    opts: PutOptions = {},
  ): Promise<ObjectWriter> {
    const w = await this.svc.createObject(
      this.who,
      { account, container, name: object },
      { contentType: opts.contentType, meta: fromMeta(opts.meta) },
    )
    return {
      get bytes() {
        return w.size
      },
      write: (offset, chunk) => w.write(offset, chunk),
      commit: async () => info(await w.commit()),
      abort: () => w.abort(),
    }
  }

  async delete(account: string, container: string, object: string): Promise<boolean> {
    try {
      await this.svc.deleteObject(this.who, { account, container, name: object })
      return true
    } catch (e) {
      if (missing(e)) return false
      throw e
    }
  }
}
