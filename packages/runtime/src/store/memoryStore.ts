import { md5Hex } from '../sandbox/common/md5.ts'
import {
  DEFAULT_CONTENT_TYPE,
  clampRange,
  pageOf,
  type ByteRange,
  type ListOptions,
  type ObjectInfo,
  type ObjectStore,
  type PutOptions,
} from './objectStore.ts'

/** An ObjectStore in memory (the browser's local store, and tests). */
export class MemoryStore implements ObjectStore {
  private readonly accounts = new Map<
    string,
    Map<string, Map<string, { info: ObjectInfo; data: Uint8Array }>>
  >()

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
    return pageOf(sorted, opts).map((i) => ({ ...i, meta: { ...i.meta } }))
  }

  async head(account: string, container: string, object: string): Promise<ObjectInfo | undefined> {
    const o = this.accounts.get(account)?.get(container)?.get(object)
    return o && { ...o.info, meta: { ...o.info.meta } }
  }

  async get(
    account: string,
    container: string,
    object: string,
    range?: ByteRange,
  ): Promise<{ info: ObjectInfo; data: Uint8Array } | undefined> {
    const o = this.accounts.get(account)?.get(container)?.get(object)
    if (!o) return undefined
    const [s, e] = clampRange(o.data.length, range)
    return { info: { ...o.info, meta: { ...o.info.meta } }, data: o.data.slice(s, e) }
  }

  // eslint-disable-next-line max-params -- account, container, object as in Swift URLs
  async put(
    account: string,
    container: string,
    object: string,
    data: Uint8Array,
    opts?: PutOptions,
  ): Promise<ObjectInfo> {
    let a = this.accounts.get(account)
    if (!a) this.accounts.set(account, (a = new Map()))
    let c = a.get(container)
    if (!c) a.set(container, (c = new Map()))
    const info: ObjectInfo = {
      name: object,
      bytes: data.length,
      etag: md5Hex(data),
      contentType: opts?.contentType ?? DEFAULT_CONTENT_TYPE,
      lastModified: Date.now(),
      meta: { ...opts?.meta },
    }
    c.set(object, { info, data: data.slice() })
    return { ...info, meta: { ...info.meta } }
  }

  async delete(account: string, container: string, object: string): Promise<boolean> {
    return this.accounts.get(account)?.get(container)?.delete(object) ?? false
  }
}
