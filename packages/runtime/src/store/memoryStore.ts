import { md5Hex } from '../sandbox/common/md5.ts'
import { EtagTracker, bytesReader } from './objectIo.ts'
import {
  DEFAULT_CONTENT_TYPE,
  pageOf,
  type ListOptions,
  type ObjectInfo,
  type ObjectReader,
  type ObjectStore,
  type ObjectWriter,
  type PutOptions,
} from './objectStore.ts'

interface Stored {
  info: ObjectInfo
  data: Uint8Array
}

const copyInfo = (i: ObjectInfo): ObjectInfo => ({ ...i, meta: { ...i.meta } })

/** An ObjectStore in memory (tests, and the browser when IndexedDB is unavailable). */
export class MemoryStore implements ObjectStore {
  private readonly accounts = new Map<string, Map<string, Map<string, Stored>>>()

  async listContainers(account: string): Promise<string[]> {
    return [...(this.accounts.get(account)?.keys() ?? [])].sort()
  }

  async list(account: string, container: string, opts?: ListOptions): Promise<ObjectInfo[]> {
    const c = this.accounts.get(account)?.get(container)
    if (!c) return []
    const prefix = opts?.prefix ?? ''
    const sorted = [...c.values()]
      .filter((o) => o.info.name.startsWith(prefix))
      .sort((a, b) => (a.info.name < b.info.name ? -1 : a.info.name > b.info.name ? 1 : 0))
      .map((o) => o.info)
    return pageOf(sorted, opts).map(copyInfo)
  }

  async head(account: string, container: string, object: string): Promise<ObjectInfo | undefined> {
    const o = this.accounts.get(account)?.get(container)?.get(object)
    return o && copyInfo(o.info)
  }

  async open(
    account: string,
    container: string,
    object: string,
  ): Promise<ObjectReader | undefined> {
    const o = this.accounts.get(account)?.get(container)?.get(object)
    if (!o) return undefined
    // Stored arrays are never mutated (a put replaces the entry), so this version stays readable.
    return bytesReader(copyInfo(o.info), o.data)
  }

  async create(
    account: string,
    container: string,
    object: string,
    opts?: PutOptions,
  ): Promise<ObjectWriter> {
    let buf = new Uint8Array(0)
    const etag = new EtagTracker()
    let state: 'open' | 'done' = 'open'
    const commit = async (): Promise<ObjectInfo> => {
      if (state !== 'open') throw new Error('writer already finished')
      state = 'done'
      const data = buf.slice(0, etag.bytes)
      const info: ObjectInfo = {
        name: object,
        bytes: data.length,
        etag: etag.digest() ?? md5Hex(data),
        contentType: opts?.contentType ?? DEFAULT_CONTENT_TYPE,
        lastModified: Date.now(),
        meta: { ...opts?.meta },
      }
      let a = this.accounts.get(account)
      if (!a) this.accounts.set(account, (a = new Map()))
      let c = a.get(container)
      if (!c) a.set(container, (c = new Map()))
      c.set(object, { info, data })
      return copyInfo(info)
    }
    return {
      get bytes() {
        return etag.bytes
      },
      write: async (offset, chunk) => {
        if (state !== 'open') throw new Error('writer already finished')
        if (chunk.length === 0) return
        const end = offset + chunk.length
        if (end > buf.length) {
          const next = new Uint8Array(Math.max(end, buf.length * 2, 4096))
          next.set(buf.subarray(0, etag.bytes))
          buf = next
        }
        buf.set(chunk, offset)
        etag.wrote(offset, chunk)
      },
      commit,
      abort: async () => {
        state = 'done'
        buf = new Uint8Array(0)
      },
    }
  }

  async delete(account: string, container: string, object: string): Promise<boolean> {
    return this.accounts.get(account)?.get(container)?.delete(object) ?? false
  }
}
