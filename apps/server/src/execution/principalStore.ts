import { ZeroLabError } from '@zerolab/shared'
import {
  bytesReader,
  type ListOptions,
  type ObjectInfo,
  type ObjectReader,
  type ObjectStore,
  type ObjectWriter,
  type PutOptions,
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

/**
 * Objects up to this size (programs, small inputs) are read whole when opened: three system
 * calls in one tick instead of a thread-pool round trip for every read and for the close.
 */
const SMALL_OBJECT_BYTES = 256 * 1024

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
    const { body } = o
    if (o.info.size <= SMALL_OBJECT_BYTES) {
      const whole = body.wholeSync()
      if (whole) return bytesReader(info(o.info), whole)
    }
    // A large object reads as one: its segments in order (DLO/SLO), opened as reached.
    return {
      info: info(o.info),
      read: (offset, into) => body.readInto(offset, into),
      close: async () => body.close(),
      concurrent: true,
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
