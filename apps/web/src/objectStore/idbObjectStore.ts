import {
  clampRange,
  md5Hex,
  type ByteRange,
  type ListOptions,
  type ObjectInfo,
  type ObjectStore,
  type PutOptions,
} from '@zerolab/runtime'
import { done, openDb, request, walkKeys } from './idb.ts'

const DB_VERSION = 1
const META = 'objects'
const BLOBS = 'blobs'

interface MetaRecord extends ObjectInfo {
  account: string
  container: string
}

type Key = [string, string, string]

/**
 * The browser's object store: metadata and bytes in two IndexedDB stores, written in one
 * transaction so a put or delete is all-or-nothing. Keys are [account, container, object],
 * so a container listing is one key range and listings come back sorted by name.
 */
export class IdbObjectStore implements ObjectStore {
  private constructor(
    private readonly db: IDBDatabase,
    /** True when this open created the database (nothing stored yet). */
    readonly fresh: boolean,
  ) {}

  static async open(name = 'zerolab-store'): Promise<IdbObjectStore> {
    let fresh = false
    const db = await openDb(name, DB_VERSION, (d, oldVersion) => {
      fresh = oldVersion === 0
      if (!d.objectStoreNames.contains(META))
        d.createObjectStore(META, { keyPath: ['account', 'container', 'name'] })
      if (!d.objectStoreNames.contains(BLOBS)) d.createObjectStore(BLOBS)
    })
    return new IdbObjectStore(db, fresh)
  }

  close(): void {
    this.db.close()
  }

  async listContainers(account: string): Promise<string[]> {
    const tx = this.db.transaction(META, 'readonly')
    const out: string[] = []
    // Jump from container to container instead of visiting every object.
    await walkKeys(tx.objectStore(META), IDBKeyRange.bound([account], [account, []]), (key) => {
      const container = (key as Key)[1]
      out.push(container)
      return [account, container, []]
    })
    return out
  }

  async list(account: string, container: string, opts?: ListOptions): Promise<ObjectInfo[]> {
    const prefix = opts?.prefix ?? ''
    const marker = opts?.marker
    const after = marker !== undefined && marker >= prefix
    const range = IDBKeyRange.bound(
      [account, container, after ? marker : prefix],
      [account, container, prefix + '\uffff'],
      after,
    )
    const rows = await request(
      this.db
        .transaction(META, 'readonly')
        .objectStore(META)
        .getAll(range, opts?.limit) as IDBRequest<MetaRecord[]>,
    )
    return rows.filter((r) => r.name.startsWith(prefix)).map(toInfo)
  }

  async head(account: string, container: string, object: string): Promise<ObjectInfo | undefined> {
    const tx = this.db.transaction(META, 'readonly')
    const row = await request(
      tx.objectStore(META).get([account, container, object]) as IDBRequest<MetaRecord | undefined>,
    )
    return row && toInfo(row)
  }

  async get(
    account: string,
    container: string,
    object: string,
    range?: ByteRange,
  ): Promise<{ info: ObjectInfo; data: Uint8Array } | undefined> {
    const tx = this.db.transaction([META, BLOBS], 'readonly')
    const key: Key = [account, container, object]
    const [row, blob] = await Promise.all([
      request(tx.objectStore(META).get(key) as IDBRequest<MetaRecord | undefined>),
      request(tx.objectStore(BLOBS).get(key) as IDBRequest<Uint8Array | undefined>),
    ])
    if (!row || !blob) return undefined
    const [start, end] = clampRange(blob.length, range)
    return {
      info: toInfo(row),
      data: start === 0 && end === blob.length ? blob : blob.slice(start, end),
    }
  }

  // The ObjectStore interface fixes this signature.
  // eslint-disable-next-line max-params
  async put(
    account: string,
    container: string,
    object: string,
    data: Uint8Array,
    opts?: PutOptions,
  ): Promise<ObjectInfo> {
    const row: MetaRecord = {
      account,
      container,
      name: object,
      bytes: data.byteLength,
      etag: md5Hex(data),
      contentType: opts?.contentType ?? 'application/octet-stream',
      lastModified: Date.now(),
      meta: { ...opts?.meta },
    }
    const tx = this.db.transaction([META, BLOBS], 'readwrite')
    try {
      tx.objectStore(BLOBS).put(data.slice(), [account, container, object])
      tx.objectStore(META).put(row)
    } catch (e) {
      // e.g. a DataCloneError on the second put: drop the first one too.
      tx.abort()
      throw e
    }
    await done(tx)
    return toInfo(row)
  }

  async delete(account: string, container: string, object: string): Promise<boolean> {
    const tx = this.db.transaction([META, BLOBS], 'readwrite')
    const key: Key = [account, container, object]
    const existed = (await request(tx.objectStore(META).count(key))) > 0
    tx.objectStore(META).delete(key)
    tx.objectStore(BLOBS).delete(key)
    await done(tx)
    return existed
  }

  /** Deletes every object of a container (containers exist while they hold objects). */
  async deleteContainer(account: string, container: string): Promise<number> {
    const range = IDBKeyRange.bound([account, container], [account, container, []])
    const tx = this.db.transaction([META, BLOBS], 'readwrite')
    const n = await request(tx.objectStore(META).count(range))
    tx.objectStore(META).delete(range)
    tx.objectStore(BLOBS).delete(range)
    await done(tx)
    return n
  }
}

function toInfo(r: MetaRecord): ObjectInfo {
  return {
    name: r.name,
    bytes: r.bytes,
    etag: r.etag,
    contentType: r.contentType,
    lastModified: r.lastModified,
    meta: { ...r.meta },
  }
}
