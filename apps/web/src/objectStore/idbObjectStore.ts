import {
  DEFAULT_CONTENT_TYPE,
  EtagTracker,
  hashReader,
  type ListOptions,
  type ObjectInfo,
  type ObjectReader,
  type ObjectStore,
  type ObjectWriter,
  type PutOptions,
} from '@zerolab/runtime'
import { done, openDb, request, walkKeys } from './idb.ts'
import { migrateWholeBlobs } from './idbMigration.ts'

const DB_VERSION = 2
export const META = 'objects'
export const CHUNKS = 'chunks'
/** Replaced or deleted blobs, deleted once no reader of this page has them open. */
const GARBAGE = 'garbage'
/** Bytes per chunk record. */
export const CHUNK = 256 * 1024
/** A replaced blob stays readable this long for readers in other tabs. */
const GRACE_MS = 60_000

export interface MetaRecord extends ObjectInfo {
  account: string
  container: string
  /** Id of the chunk set holding the bytes: chunks are keyed [blob, index]. */
  blob: string
}

type Key = [string, string, string]

const chunkRange = (blob: string): IDBKeyRange => IDBKeyRange.bound([blob, 0], [blob, Infinity])

function newBlobId(): string {
  const r = new Uint8Array(8)
  crypto.getRandomValues(r)
  return `${Date.now()}-${[...r].map((b) => b.toString(16).padStart(2, '0')).join('')}`
}

/**
 * The browser's object store: metadata rows and bytes in 256 KiB chunk records. A writer puts
 * its chunks under a fresh blob id as they come; `commit` then swaps the metadata row in one
 * transaction, so an object is all-or-nothing. Listings are key ranges over
 * [account, container, object], so they come back sorted by name. A replaced blob is only
 * deleted when no reader has it open, so a reader keeps its version.
 */
export class IdbObjectStore implements ObjectStore {
  private readonly openBlobs = new Map<string, number>()

  private constructor(
    private readonly db: IDBDatabase,
    /** True when this open created the database (nothing stored yet). */
    readonly fresh: boolean,
  ) {}

  static async open(name = 'zerolab-store'): Promise<IdbObjectStore> {
    let fresh = false
    const db = await openDb(name, DB_VERSION, (d, oldVersion, tx) => {
      fresh = oldVersion === 0
      if (!d.objectStoreNames.contains(META))
        d.createObjectStore(META, { keyPath: ['account', 'container', 'name'] })
      if (!d.objectStoreNames.contains(CHUNKS)) d.createObjectStore(CHUNKS)
      if (!d.objectStoreNames.contains(GARBAGE)) d.createObjectStore(GARBAGE)
      if (oldVersion === 1) migrateWholeBlobs(d, tx, newBlobId)
    })
    const store = new IdbObjectStore(db, fresh)
    void store.sweep().catch(() => {})
    return store
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

  private async row(account: string, container: string, object: string) {
    const tx = this.db.transaction(META, 'readonly')
    return request(
      tx.objectStore(META).get([account, container, object]) as IDBRequest<MetaRecord | undefined>,
    )
  }

  async head(account: string, container: string, object: string): Promise<ObjectInfo | undefined> {
    const row = await this.row(account, container, object)
    return row && toInfo(row)
  }

  async open(
    account: string,
    container: string,
    object: string,
  ): Promise<ObjectReader | undefined> {
    const row = await this.row(account, container, object)
    if (!row) return undefined
    const { blob, bytes } = row
    this.openBlobs.set(blob, (this.openBlobs.get(blob) ?? 0) + 1)
    let closed = false
    return {
      info: toInfo(row),
      read: (offset, into) => readBlob(this.db, { blob, bytes }, offset, into),
      close: async () => {
        if (closed) return
        closed = true
        const n = (this.openBlobs.get(blob) ?? 1) - 1
        if (n > 0) this.openBlobs.set(blob, n)
        else this.openBlobs.delete(blob)
      },
    }
  }

  async create(
    account: string,
    container: string,
    object: string,
    opts?: PutOptions,
  ): Promise<ObjectWriter> {
    return new ChunkWriter(this.db, newBlobId(), (blob, bytes, etag) =>
      this.commitRow({
        account,
        container,
        name: object,
        blob,
        bytes,
        etag,
        contentType: opts?.contentType ?? DEFAULT_CONTENT_TYPE,
        lastModified: Date.now(),
        meta: { ...opts?.meta },
      }),
    )
  }

  /** Swaps in the new row and queues the replaced blob for deletion, in one transaction. */
  private async commitRow(row: MetaRecord): Promise<ObjectInfo> {
    const tx = this.db.transaction([META, GARBAGE], 'readwrite')
    const key: Key = [row.account, row.container, row.name]
    const meta = tx.objectStore(META)
    const old = await request(meta.get(key) as IDBRequest<MetaRecord | undefined>)
    meta.put(row)
    if (old) tx.objectStore(GARBAGE).put(Date.now(), old.blob)
    await done(tx)
    void this.sweep().catch(() => {})
    return toInfo(row)
  }

  async delete(account: string, container: string, object: string): Promise<boolean> {
    const tx = this.db.transaction([META, GARBAGE], 'readwrite')
    const key: Key = [account, container, object]
    const old = await request(tx.objectStore(META).get(key) as IDBRequest<MetaRecord | undefined>)
    tx.objectStore(META).delete(key)
    if (old) tx.objectStore(GARBAGE).put(Date.now(), old.blob)
    await done(tx)
    void this.sweep().catch(() => {})
    return old !== undefined
  }

  /** Deletes every object of a container (containers exist while they hold objects). */
  async deleteContainer(account: string, container: string): Promise<number> {
    const range = IDBKeyRange.bound([account, container], [account, container, []])
    const tx = this.db.transaction([META, GARBAGE], 'readwrite')
    const rows = await request(tx.objectStore(META).getAll(range) as IDBRequest<MetaRecord[]>)
    tx.objectStore(META).delete(range)
    for (const r of rows) tx.objectStore(GARBAGE).put(Date.now(), r.blob)
    await done(tx)
    void this.sweep().catch(() => {})
    return rows.length
  }

  /**
   * Deletes the chunks of replaced or deleted blobs no reader of this page has open (and, for
   * other tabs, older than a grace period), and of writers a closed page left unfinished.
   */
  private async sweep(): Promise<void> {
    const now = Date.now()
    const tx = this.db.transaction([META, CHUNKS, GARBAGE], 'readwrite')
    const garbage = tx.objectStore(GARBAGE)
    const [blobs, times] = await Promise.all([
      request(garbage.getAllKeys() as IDBRequest<string[]>),
      request(garbage.getAll() as IDBRequest<number[]>),
    ])
    blobs.forEach((blob, i) => {
      if (this.openBlobs.has(blob) || now - times[i]! < GRACE_MS) return
      tx.objectStore(CHUNKS).delete(chunkRange(blob))
      garbage.delete(blob)
    })
    await done(tx)
    await this.sweepAbandoned(now)
  }

  /** Chunk sets no row names and no live writer owns, started over a day ago (a closed tab). */
  private async sweepAbandoned(now: number): Promise<void> {
    const live = new Set(
      (
        await request(
          this.db.transaction(META, 'readonly').objectStore(META).getAll() as IDBRequest<
            MetaRecord[]
          >,
        )
      ).map((r) => r.blob),
    )
    const stale: string[] = []
    await walkKeys(
      this.db.transaction(CHUNKS, 'readonly').objectStore(CHUNKS),
      IDBKeyRange.lowerBound(['']),
      (key) => {
        const blob = (key as [string, number])[0]
        const started = Number(blob.split('-')[0])
        if (!live.has(blob) && now - started > 24 * 3600_000) stale.push(blob)
        return [blob, Infinity]
      },
    )
    if (stale.length === 0) return
    const tx = this.db.transaction(CHUNKS, 'readwrite')
    for (const b of stale) tx.objectStore(CHUNKS).delete(chunkRange(b))
    await done(tx)
  }
}

/**
 * Writes one blob's chunks as bytes arrive: a chunk is put once full (or at commit), a write
 * into an already stored chunk (a random write) reads, patches and puts it again.
 */
class ChunkWriter implements ObjectWriter {
  private readonly etag = new EtagTracker()
  private readonly pending = new Map<number, Uint8Array>()
  private state: 'open' | 'done' = 'open'

  constructor(
    private readonly db: IDBDatabase,
    private readonly blob: string,
    private readonly onCommit: (blob: string, bytes: number, etag: string) => Promise<ObjectInfo>,
  ) {}

  get bytes(): number {
    return this.etag.bytes
  }

  async write(offset: number, chunk: Uint8Array): Promise<void> {
    if (this.state !== 'open') throw new Error('writer already finished')
    if (chunk.length === 0) return
    const end = offset + chunk.length
    for (let at = offset; at < end;) {
      const i = Math.floor(at / CHUNK)
      const base = i * CHUNK
      const to = Math.min(end, base + CHUNK)
      const buf = this.pending.get(i) ?? (await this.load(i))
      buf.set(chunk.subarray(at - offset, to - offset), at - base)
      this.pending.set(i, buf)
      at = to
    }
    this.etag.wrote(offset, chunk)
    await this.flush(false)
  }

  /** A chunk to patch: stored earlier (random write) or a fresh one of zeros. */
  private async load(i: number): Promise<Uint8Array> {
    const buf = new Uint8Array(CHUNK)
    if (i * CHUNK < this.etag.bytes) {
      const tx = this.db.transaction(CHUNKS, 'readonly')
      const got = await request(
        tx.objectStore(CHUNKS).get([this.blob, i]) as IDBRequest<Uint8Array | undefined>,
      )
      if (got) buf.set(got)
    }
    return buf
  }

  /** Stores full chunks (all of them when `all`), trimmed to the object's end. */
  private async flush(all: boolean): Promise<void> {
    const ready = [...this.pending.keys()].filter((i) => all || (i + 1) * CHUNK <= this.etag.bytes)
    if (ready.length === 0) return
    const tx = this.db.transaction(CHUNKS, 'readwrite')
    for (const i of ready) {
      const buf = this.pending.get(i)!
      const len = Math.min(CHUNK, this.etag.bytes - i * CHUNK)
      tx.objectStore(CHUNKS).put(len === CHUNK ? buf : buf.slice(0, len), [this.blob, i])
      this.pending.delete(i)
    }
    await done(tx)
  }

  async commit(): Promise<ObjectInfo> {
    if (this.state !== 'open') throw new Error('writer already finished')
    this.state = 'done'
    try {
      await this.flush(true)
      const size = this.etag.bytes
      const etag =
        this.etag.digest() ??
        (await hashReader((offset, into) =>
          readBlob(this.db, { blob: this.blob, bytes: size }, offset, into),
        ))
      return await this.onCommit(this.blob, this.etag.bytes, etag)
    } catch (e) {
      await this.drop()
      throw e
    }
  }

  async abort(): Promise<void> {
    if (this.state === 'done' && this.pending.size === 0) return
    this.state = 'done'
    await this.drop()
  }

  private async drop(): Promise<void> {
    this.pending.clear()
    const tx = this.db.transaction(CHUNKS, 'readwrite')
    tx.objectStore(CHUNKS).delete(chunkRange(this.blob))
    await done(tx)
  }
}

/** Copies the bytes of a blob at `offset` into `into`, chunk by chunk; 0 past its end. */
async function readBlob(
  db: IDBDatabase,
  { blob, bytes }: { blob: string; bytes: number },
  offset: number,
  into: Uint8Array,
): Promise<number> {
  const end = Math.min(bytes, offset + into.length)
  if (end <= offset) return 0
  const first = Math.floor(offset / CHUNK)
  const last = Math.floor((end - 1) / CHUNK)
  const range = IDBKeyRange.bound([blob, first], [blob, last])
  const store = db.transaction(CHUNKS, 'readonly').objectStore(CHUNKS)
  const [keys, chunks] = await Promise.all([
    request(store.getAllKeys(range) as IDBRequest<unknown> as IDBRequest<[string, number][]>),
    request(store.getAll(range) as IDBRequest<Uint8Array[]>),
  ])
  // Chunks never written (a gap left by a random write) read as zeros.
  into.fill(0, 0, end - offset)
  keys.forEach(([, i], k) => {
    const chunk = chunks[k]!
    const base = i * CHUNK
    const from = Math.max(offset, base)
    const to = Math.min(end, base + chunk.length)
    if (to > from) into.set(chunk.subarray(from - base, to - base), from - offset)
  })
  return end - offset
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
