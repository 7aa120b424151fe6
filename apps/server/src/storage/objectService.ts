import { ZeroLabError } from '@zerolab/shared'
import { closeSync, createReadStream, openSync } from 'node:fs'
import type { Principal } from '../auth/principal.ts'
import type { ServerLimits } from '../config.ts'
import { AccountsRepo } from '../db/accountsRepo.ts'
import { ContainersRepo, type ContainerRow } from '../db/containersRepo.ts'
import { ObjectsRepo, type ObjectRow } from '../db/objectsRepo.ts'
import type { Db } from '../db/openDb.ts'
import { canList, canReadObjects, canWrite, denied, isOwner } from './acl.ts'
import { BlobStore, type PendingBlob } from './blobStore.ts'
import { listNames, listingLimit } from './listing.ts'
import { guessContentType } from './contentType.ts'
import { validateContainerName, validateObjectName } from './names.ts'
import type {
  AccountInfo,
  ContainerEntry,
  ContainerInfo,
  ContainerUpdate,
  ListQuery,
  Meta,
  ObjectEntry,
  ObjectInfo,
  ObjectRef,
  PutOptions,
} from './types.ts'

/** An object being written by `createObject`. */
export interface ObjectWrite {
  readonly size: number
  write(offset: number, chunk: Uint8Array): Promise<void>
  commit(): Promise<ObjectInfo>
  abort(): Promise<void>
}

/** An object opened for reading: the file descriptor stays valid even if the object is replaced. */
export interface OpenObject {
  info: ObjectInfo
  fd: number
}

const parseMeta = (s: string): Meta => JSON.parse(s) as Meta

function applyMeta(old: Meta, update: Meta | undefined): Meta {
  const next = { ...old }
  for (const [k, v] of Object.entries(update ?? {})) {
    if (v === '') delete next[k]
    else next[k] = v
  }
  return next
}

let lastTs = 0
/** Swift X-Timestamp: seconds with 5 decimals, strictly increasing within the process. */
export function swiftTimestamp(ms: number): string {
  const t = Math.max(ms / 1000, lastTs + 0.00001)
  lastTs = t
  return t.toFixed(5)
}

/**
 * Accounts, containers and objects over SQLite + BlobStore, with Swift/tempauth access rules:
 * the account owner may do anything; `X-Container-Read` grants object reads (and listings to
 * named groups, or to anyone with `.r:*,.rlistings`), `X-Container-Write` grants object
 * PUT/POST/DELETE. Callers without rights get 401 (anonymous) or 403; a missing container
 * looks the same as a forbidden one to non-owners.
 */
export class ObjectService {
  readonly blobs: BlobStore
  private readonly accounts: AccountsRepo
  private readonly containers: ContainersRepo
  private readonly objects: ObjectsRepo

  constructor(
    private readonly db: Db,
    dataDir: string,
    readonly limits: ServerLimits,
  ) {
    this.blobs = new BlobStore(dataDir)
    this.accounts = new AccountsRepo(db)
    this.containers = new ContainersRepo(db)
    this.objects = new ObjectsRepo(db)
  }

  /** Start-up recovery: drop temp files and blob files no committed row references. */
  sweep(): { tmp: number; orphans: number } {
    const live = this.objects.allBlobs()
    return this.blobs.sweep((id) => live.has(id))
  }

  // ---- accounts ------------------------------------------------------------------------

  private ownAccount(who: Principal | null, account: string): void {
    if (!isOwner(who, account)) throw denied(who)
    this.accounts.ensure(account, Date.now())
  }

  headAccount(who: Principal | null, account: string): AccountInfo {
    this.ownAccount(who, account)
    const row = this.accounts.get(account)!
    const s = this.accounts.stats(account)
    return {
      name: account,
      containerCount: s.containers,
      objectCount: s.objects,
      bytesUsed: s.bytes,
      meta: parseMeta(row.meta),
      createdMs: row.created_at,
    }
  }

  postAccount(who: Principal | null, account: string, meta: Meta): void {
    this.ownAccount(who, account)
    this.db.transaction(() => {
      const row = this.accounts.get(account)!
      this.accounts.setMeta(account, JSON.stringify(applyMeta(parseMeta(row.meta), meta)))
    })()
  }

  listAccount(
    who: Principal | null,
    account: string,
    q: ListQuery,
  ): { info: AccountInfo; entries: ContainerEntry[] } {
    const info = this.headAccount(who, account)
    const limit = listingLimit(q.limit, this.limits.maxListing)
    const listed = listNames((r) => this.containers.list(account, r), q, limit)
    const entries = listed.map((l): ContainerEntry => {
      if (l.kind === 'subdir') return l
      const r = l.row
      return {
        kind: 'container',
        name: r.name,
        count: r.count,
        bytes: r.bytes,
        lastModifiedMs: Math.round(Number(r.put_ts) * 1000),
      }
    })
    return { info, entries }
  }

  // ---- containers ----------------------------------------------------------------------

  private containerInfo(row: ContainerRow): ContainerInfo {
    const s = this.containers.stats(row.id)
    return {
      account: row.account,
      name: row.name,
      objectCount: s.count,
      bytesUsed: s.bytes,
      meta: parseMeta(row.meta),
      readAcl: row.read_acl,
      writeAcl: row.write_acl,
      timestamp: row.put_ts,
    }
  }

  /** The container row if `who` passes `allowed`, else 401/403 (or 404 for the owner). */
  private container(
    who: Principal | null,
    account: string,
    name: string,
    allowed: (row: ContainerRow) => boolean,
  ): ContainerRow {
    validateContainerName(name, this.limits)
    const row = this.containers.get(account, name)
    if (isOwner(who, account)) {
      if (!row) throw new ZeroLabError('NOT_FOUND', `container ${name} not found`, name)
      return row
    }
    if (!row || !allowed(row)) throw denied(who)
    return row
  }

  /** Creates the container (true) or updates its metadata/ACLs (false, Swift's 202). */
  putContainer(who: Principal | null, account: string, name: string, u: ContainerUpdate): boolean {
    validateContainerName(name, this.limits)
    this.ownAccount(who, account)
    return this.db.transaction(() => {
      const row = this.containers.get(account, name)
      if (row) {
        this.updateContainer(row, u)
        return false
      }
      const now = Date.now()
      this.containers.insert({
        account,
        name,
        created_at: now,
        put_ts: swiftTimestamp(now),
        meta: JSON.stringify(applyMeta({}, u.meta)),
        read_acl: u.readAcl ?? '',
        write_acl: u.writeAcl ?? '',
      })
      return true
    })()
  }

  private updateContainer(row: ContainerRow, u: ContainerUpdate): void {
    this.containers.update({
      id: row.id,
      meta: JSON.stringify(applyMeta(parseMeta(row.meta), u.meta)),
      read_acl: u.readAcl ?? row.read_acl,
      write_acl: u.writeAcl ?? row.write_acl,
    })
  }

  headContainer(who: Principal | null, account: string, name: string): ContainerInfo {
    return this.containerInfo(this.container(who, account, name, (r) => canList(who, r.read_acl)))
  }

  postContainer(who: Principal | null, account: string, name: string, u: ContainerUpdate): void {
    if (!isOwner(who, account)) throw denied(who)
    this.db.transaction(() => {
      this.updateContainer(
        this.container(who, account, name, () => false),
        u,
      )
    })()
  }

  deleteContainer(who: Principal | null, account: string, name: string): void {
    if (!isOwner(who, account)) throw denied(who)
    this.db.transaction(() => {
      const row = this.container(who, account, name, () => false)
      if (this.objects.count(row.id) > 0) {
        throw new ZeroLabError(
          'CONFLICT',
          'There was a conflict when trying to complete your request.',
          name,
        )
      }
      this.containers.delete(row.id)
    })()
  }

  listContainer(
    who: Principal | null,
    account: string,
    name: string,
    q: ListQuery,
  ): { info: ContainerInfo; entries: ObjectEntry[] } {
    const row = this.container(who, account, name, (r) => canList(who, r.read_acl))
    const limit = listingLimit(q.limit, this.limits.maxListing)
    const listed = listNames((r) => this.objects.list(row.id, r), q, limit)
    const entries = listed.map((l): ObjectEntry => {
      if (l.kind === 'subdir') return l
      const r = l.row
      return {
        kind: 'object',
        name: r.name,
        size: r.size,
        etag: r.etag,
        contentType: r.content_type,
        lastModifiedMs: r.modified_ms,
      }
    })
    return { info: this.containerInfo(row), entries }
  }

  // ---- objects -------------------------------------------------------------------------

  private objectInfo(c: ContainerRow, r: ObjectRow): ObjectInfo {
    return {
      account: c.account,
      container: c.name,
      name: r.name,
      size: r.size,
      etag: r.etag,
      contentType: r.content_type,
      lastModifiedMs: r.modified_ms,
      timestamp: r.ts,
      meta: parseMeta(r.meta),
    }
  }

  private readable(who: Principal | null, ref: ObjectRef): ContainerRow {
    validateObjectName(ref.name, this.limits)
    return this.container(who, ref.account, ref.container, (r) => canReadObjects(who, r.read_acl))
  }

  private writable(who: Principal | null, ref: ObjectRef): ContainerRow {
    validateObjectName(ref.name, this.limits)
    return this.container(who, ref.account, ref.container, (r) => canWrite(who, r.write_acl))
  }

  private row(c: ContainerRow, name: string): ObjectRow {
    const r = this.objects.get(c.id, name)
    if (!r) throw new ZeroLabError('NOT_FOUND', `object ${name} not found`, name)
    return r
  }

  headObject(who: Principal | null, ref: ObjectRef): ObjectInfo {
    const c = this.readable(who, ref)
    return this.objectInfo(c, this.row(c, ref.name))
  }

  /** Opens the object; close `fd` (closeSync) when done. */
  openObject(who: Principal | null, ref: ObjectRef): OpenObject {
    const c = this.readable(who, ref)
    const r = this.row(c, ref.name)
    // Opened in the same tick as the row read: a concurrent replace cannot unlink it first.
    const fd = openSync(this.blobs.path(r.blob), 'r')
    return { info: this.objectInfo(c, r), fd }
  }

  /** The whole object; PAYLOAD_TOO_LARGE, before reading a byte, when over `maxBytes`. */
  async readAll(
    who: Principal | null,
    ref: ObjectRef,
    maxBytes: number,
  ): Promise<{ info: ObjectInfo; bytes: Uint8Array }> {
    const o = this.openObject(who, ref)
    if (o.info.size > maxBytes) {
      closeSync(o.fd)
      throw new ZeroLabError(
        'PAYLOAD_TOO_LARGE',
        `${ref.container}/${ref.name} has ${o.info.size} bytes, over the limit of ${maxBytes}`,
        ref.name,
        { cap: maxBytes, asked: o.info.size },
      )
    }
    const chunks: Buffer[] = []
    for await (const ch of createReadStream('', { fd: o.fd, autoClose: true }))
      chunks.push(ch as Buffer)
    return { info: o.info, bytes: new Uint8Array(Buffer.concat(chunks)) }
  }

  /**
   * Starts writing an object piece by piece (an instance's output): bytes go to a temp blob;
   * `commit()` makes it visible atomically (re-checking the write ACL), `abort()` drops it.
   * Write rights are checked now too, so a forbidden output fails before any byte is written.
   */
  async createObject(
    who: Principal | null,
    ref: ObjectRef,
    opts: Pick<PutOptions, 'contentType' | 'meta'> = {},
  ): Promise<ObjectWrite> {
    this.writable(who, ref)
    const blob = await this.blobs.begin(this.limits.maxObjectSize)
    let done = false
    return {
      get size() {
        return blob.size
      },
      write: (offset, chunk) => blob.write(offset, chunk),
      commit: async () => {
        if (done) throw new ZeroLabError('INTERNAL', 'object write already finished')
        done = true
        let p: PendingBlob
        try {
          p = await blob.finish()
        } catch (e) {
          await blob.discard()
          throw e
        }
        return this.commit(who, ref, p, {
          contentType: opts.contentType || guessContentType(ref.name),
          meta: opts.meta ?? {},
        })
      },
      abort: async () => {
        done = true
        await blob.discard()
      },
    }
  }

  async putObject(
    who: Principal | null,
    ref: ObjectRef,
    body: AsyncIterable<Uint8Array> | null,
    opts: PutOptions = {},
  ): Promise<ObjectInfo> {
    const c = this.writable(who, ref)
    if (opts.ifNoneMatchAny && this.objects.get(c.id, ref.name)) {
      throw new ZeroLabError('PRECONDITION_FAILED', 'object exists', ref.name)
    }
    if (opts.contentLength !== undefined && opts.contentLength > this.limits.maxObjectSize) {
      throw new ZeroLabError(
        'PAYLOAD_TOO_LARGE',
        `object larger than the limit of ${this.limits.maxObjectSize} bytes`,
      )
    }
    const p = await this.blobs.write(body, {
      maxBytes: this.limits.maxObjectSize,
      expectedLength: opts.contentLength,
    })
    if (opts.etag !== undefined && opts.etag.toLowerCase() !== p.etag) {
      await this.blobs.discard(p)
      throw new ZeroLabError(
        'ETAG_MISMATCH',
        'Unprocessable Entity: ETag does not match the body',
        'ETag',
      )
    }
    const contentType = opts.contentType || guessContentType(ref.name)
    return this.commit(who, ref, p, {
      contentType,
      meta: opts.meta ?? {},
      ifNoneMatchAny: opts.ifNoneMatchAny,
    })
  }

  private async commit(
    who: Principal | null,
    ref: ObjectRef,
    p: PendingBlob,
    o: { contentType: string; meta: Meta; ifNoneMatchAny?: boolean | undefined },
  ): Promise<ObjectInfo> {
    await this.blobs.commit(p)
    let replaced: string | undefined
    let info: ObjectInfo
    try {
      info = this.db.transaction(() => {
        // Re-checked: the container may have been deleted or its ACL changed meanwhile.
        const c = this.writable(who, ref)
        if (o.ifNoneMatchAny && this.objects.get(c.id, ref.name)) {
          throw new ZeroLabError('PRECONDITION_FAILED', 'object exists', ref.name)
        }
        const now = Date.now()
        const row: ObjectRow = {
          container_id: c.id,
          name: ref.name,
          blob: p.id,
          size: p.size,
          etag: p.etag,
          content_type: o.contentType,
          modified_ms: now,
          ts: swiftTimestamp(now),
          meta: JSON.stringify(o.meta),
        }
        replaced = this.objects.upsert(row)
        return this.objectInfo(c, row)
      })()
    } catch (e) {
      await this.blobs.discard(p)
      throw e
    }
    if (replaced !== undefined) await this.blobs.remove(replaced)
    return info
  }

  /** Replaces all X-Object-Meta-* (Swift's fast-POST); Content-Type only when given. */
  postObject(who: Principal | null, ref: ObjectRef, meta: Meta, contentType?: string): ObjectInfo {
    return this.db.transaction(() => {
      const c = this.writable(who, ref)
      const r = this.row(c, ref.name)
      const now = Date.now()
      const ts = swiftTimestamp(now)
      const ct = contentType || r.content_type
      const m = JSON.stringify(applyMeta({}, meta))
      this.objects.updateMeta({
        container_id: c.id,
        name: ref.name,
        content_type: ct,
        meta: m,
        ts,
        modified_ms: now,
      })
      return this.objectInfo(c, { ...r, content_type: ct, meta: m, ts, modified_ms: now })
    })()
  }

  async deleteObject(who: Principal | null, ref: ObjectRef): Promise<void> {
    const blob = this.db.transaction(() => {
      const c = this.writable(who, ref)
      const b = this.objects.delete(c.id, ref.name)
      if (b === undefined)
        throw new ZeroLabError('NOT_FOUND', `object ${ref.name} not found`, ref.name)
      return b
    })()
    await this.blobs.remove(blob)
  }

  /**
   * COPY / X-Copy-From: needs read rights on the source and write rights on the target.
   * Metadata is carried over and `meta` merged on top, unless `fresh` (X-Fresh-Metadata).
   */
  async copyObject(
    who: Principal | null,
    src: ObjectRef,
    dst: ObjectRef,
    o: {
      meta?: Meta | undefined
      fresh?: boolean | undefined
      contentType?: string | undefined
    } = {},
  ): Promise<{ info: ObjectInfo; source: ObjectInfo }> {
    this.writable(who, dst)
    const opened = this.openObject(who, src)
    const source = opened.info
    const p = await this.blobs.write(createReadStream('', { fd: opened.fd, autoClose: true }), {
      maxBytes: Number.MAX_SAFE_INTEGER,
    })
    const meta = o.fresh ? applyMeta({}, o.meta) : applyMeta(source.meta, o.meta)
    const info = await this.commit(who, dst, p, {
      contentType: o.contentType || source.contentType,
      meta,
    })
    return { info, source }
  }

  /** For tests and the kill -9 check: every object row with its blob path. */
  allObjects(): { ref: ObjectRef; etag: string; size: number; path: string }[] {
    const rows = this.objects.all()
    return rows.map((r) => ({
      ref: { account: r.account, container: r.container, name: r.name },
      etag: r.etag,
      size: r.size,
      path: this.blobs.path(r.blob),
    }))
  }
}
