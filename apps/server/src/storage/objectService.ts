import { ZeroLabError } from '@zerolab/shared'
import { randomBytes } from 'node:crypto'
import { openSync } from 'node:fs'
import type { Principal } from '../auth/principal.ts'
import type { ServerLimits } from '../config.ts'
import { AccountsRepo, type AccountRow } from '../db/accountsRepo.ts'
import { ContainersRepo, type ContainerRow } from '../db/containersRepo.ts'
import { ObjectsRepo, type ObjectRow } from '../db/objectsRepo.ts'
import type { Db } from '../db/openDb.ts'
import { authorize, denied, type Action, type Grant } from './access.ts'
import { parseAccountAcl } from './accountAcl.ts'
import { BlobStore, type PendingBlob } from './blobStore.ts'
import { Expirer } from './expirer.ts'
import { guessContentType } from './contentType.ts'
import { LargeObjects, putForm } from './largeObjects.ts'
import { listNames, listingLimit } from './listing.ts'
import { applyMeta, checkStoredMeta } from './metaLimits.ts'
import { validateContainerName, validateObjectName } from './names.ts'
import { ObjectBody } from './objectBody.ts'
import { Quotas } from './quotas.ts'
import { linkOf, linkTarget, parseLink, quotePath, SYMLOOP_MAX, type Link } from './symlinks.ts'
import { putSloManifest } from './sloPut.ts'
import { parseRange } from './ranges.ts'
import { swiftTimestamp } from './swiftTimestamp.ts'
import {
  DLO,
  PLAIN,
  SLO,
  type AccountInfo,
  type AccountUpdate,
  type ContainerEntry,
  type ContainerInfo,
  type ContainerUpdate,
  type ListQuery,
  type Meta,
  type ObjectEntry,
  type ObjectInfo,
  type ObjectKind,
  type ObjectRef,
  type PutOptions,
  type RequestOptions,
} from './types.ts'
import { Versioning } from './versioning.ts'
import { WalSync } from './walSync.ts'

/** An object opened for reading: headers, and bytes that stay readable if it is replaced. */
export interface OpenedObject {
  info: ObjectInfo
  body: ObjectBody
  /** The stored bytes are shown as they are (`?multipart-manifest=get`, or a plain object). */
  raw: boolean
  row: ObjectRow
}

/** An object being written by `createObject`. */
export interface ObjectWrite {
  readonly size: number
  write(offset: number, chunk: Uint8Array): Promise<void>
  commit(): Promise<ObjectInfo>
  abort(): Promise<void>
}

export interface OpenOptions extends RequestOptions {
  /** `?multipart-manifest=get`: a manifest as stored. */
  raw?: boolean | undefined
  /** HEAD: an SLO shows its stored size and ETag without reading segments. */
  head?: boolean | undefined
  /** `?symlink=get`: a symlink itself, not its target. */
  symlinkGet?: boolean | undefined
  linkDepth?: number
}

export interface StorageOptions {
  /** Objects up to this size keep their bytes in the database (one fsync for many). */
  inlineMax?: number
  /** Milliseconds since the epoch; tests move time. */
  now?: () => number
  /** How often expired objects are reaped (`startReaper`). */
  reapIntervalMs?: number
}

const parseMeta = (s: string): Meta => JSON.parse(s) as Meta

const TEMP_URL_KEY = 'x-account-meta-temp-url-key'

/** Swift's listing fields of a symlink (symlink_path, and a static link's etag and size). */
function symlinkEntry(
  r: ObjectRow,
  account: string,
): { symlinkPath?: string; symlinkEtag?: string | undefined; symlinkBytes?: number | undefined } {
  const link = linkOf(r)
  if (!link) return {}
  const t = linkTarget(link, account)
  return {
    symlinkPath: `/v1/${quotePath(t.account)}/${link.target}`,
    symlinkEtag: link.etag,
    symlinkBytes: link.bytes,
  }
}

const symlinkBody = (): ZeroLabError =>
  new ZeroLabError('INVALID_REQUEST', 'Symlink requests require a zero byte body')

/** Default size up to which an object's bytes live in its database row. */
export const INLINE_MAX = 16 * 1024

export interface Located {
  c: ContainerRow
  grant: Grant
}

/**
 * Accounts, containers and objects over SQLite + BlobStore, with tempauth's access rules
 * (`access.ts`): owners and account-ACL admins may do anything, container ACLs grant object
 * reads/listings and writes, account ACLs grant read-only / read-write. Callers without rights
 * get 401 (anonymous) or 403, decided before existence, so a missing container looks the same
 * as a forbidden one to them. Large objects (`largeObjects.ts`), versioned writes
 * (`versioning.ts`), quotas (`quotas.ts`) and expiry (X-Delete-At; `expirer.ts` reaps) hook in
 * here. Object writes are group-committed (`walSync.ts`).
 */
export class ObjectService {
  readonly blobs: BlobStore
  readonly accounts: AccountsRepo
  readonly containers: ContainersRepo
  readonly objects: ObjectsRepo
  readonly wal: WalSync
  readonly large: LargeObjects
  readonly quotas: Quotas
  private readonly versioning: Versioning
  readonly expirer: Expirer
  readonly inlineMax: number
  readonly nowMs: () => number

  constructor(
    readonly db: Db,
    dataDir: string,
    readonly limits: ServerLimits,
    o: StorageOptions & { walFile?: string | undefined } = {},
  ) {
    this.blobs = new BlobStore(dataDir)
    this.accounts = new AccountsRepo(db)
    this.containers = new ContainersRepo(db)
    this.objects = new ObjectsRepo(db)
    this.wal = new WalSync(db, o.walFile)
    this.inlineMax = o.inlineMax ?? INLINE_MAX
    this.nowMs = o.now ?? Date.now
    this.large = new LargeObjects(this)
    this.quotas = new Quotas(this)
    this.versioning = new Versioning(this)
    this.expirer = new Expirer(this, o.reapIntervalMs ?? 5000)
  }

  /** Start-up recovery: drop temp files and blob files no committed row references. */
  sweep(): { tmp: number; orphans: number } {
    const live = this.objects.allBlobs()
    return this.blobs.sweep((id) => live.has(id))
  }

  /** Starts removing expired objects in the background (stopped by `close`). */
  startReaper(): void {
    this.expirer.start()
  }

  async close(): Promise<void> {
    await this.expirer.stop()
    await this.wal.close()
  }

  // ---- access --------------------------------------------------------------------------

  /** The account row (created on first use, as Swift's account_autocreate). */
  accountRow(account: string): AccountRow {
    return this.accounts.ensure(account, this.nowMs())
  }

  /** What `who` may do: `a` on `t.account` (in container `t.c`, with its ACLs). */
  grant(
    who: Principal | null,
    t: {
      account: string
      container?: string | undefined
      c?: ContainerRow | undefined
      referer?: string | undefined
    },
    a: Action,
  ): Grant {
    const row = this.accounts.get(t.account)
    return authorize(
      who,
      {
        account: t.account,
        container: t.container ?? t.c?.name,
        accountAcl: row ? parseAccountAcl(row.acl) : null,
        readAcl: t.c?.read_acl,
        writeAcl: t.c?.write_acl,
        referer: t.referer,
      },
      a,
    )
  }

  /**
   * The container if `who` may do `a` in it: denied → 401/403 (whether or not it exists);
   * allowed but missing → 404.
   */
  locate(
    who: Principal | null,
    t: { account: string; container: string; referer?: string | undefined },
    a: Action,
  ): Located {
    const name = t.container
    validateContainerName(name, this.limits)
    const c = this.containers.get(t.account, name)
    const grant = this.grant(who, { account: t.account, container: name, c, referer: t.referer }, a)
    if (!grant.allowed) throw denied(who)
    if (!c) throw new ZeroLabError('NOT_FOUND', `container ${name} not found`, name)
    return { c, grant }
  }

  // ---- accounts ------------------------------------------------------------------------

  headAccount(who: Principal | null, account: string, o: RequestOptions = {}): AccountInfo {
    const grant = this.grant(who, { account, referer: o.referer }, { level: 'account', read: true })
    if (!grant.allowed) throw denied(who)
    const row = this.accountRow(account)
    const s = this.accounts.stats(account)
    return {
      name: account,
      containerCount: s.containers,
      objectCount: s.objects,
      bytesUsed: s.bytes,
      meta: parseMeta(row.meta),
      createdMs: row.created_at,
      acl: row.acl,
      owner: grant.owner,
    }
  }

  /** X-Account-Meta-* and X-Account-Access-Control (owners only); quotas (reseller admins). */
  postAccount(who: Principal | null, account: string, u: AccountUpdate): void {
    const grant = this.grant(who, { account }, { level: 'account', read: false })
    if (!grant.allowed) throw denied(who)
    this.quotas.checkAccountUpdate(who, u.meta)
    this.db.transaction(() => {
      const row = this.accountRow(account)
      const meta = applyMeta(parseMeta(row.meta), u.meta)
      checkStoredMeta(meta, 'account', this.limits)
      this.accounts.update(account, JSON.stringify(meta), u.acl ?? row.acl)
    })()
  }

  listAccount(
    who: Principal | null,
    account: string,
    q: ListQuery,
    o: RequestOptions = {},
  ): { info: AccountInfo; entries: ContainerEntry[] } {
    const info = this.headAccount(who, account, o)
    const limit = listingLimit(q.limit, this.limits.maxListing)
    const listed = listNames(
      (r) => this.containers.list(account, r),
      { ...q, path: undefined },
      limit,
    )
    const entries = listed.map((l): ContainerEntry => {
      if (l.kind === 'subdir') return l
      const r = l.row
      return {
        kind: 'container',
        name: r.name,
        count: r.count,
        bytes: r.bytes,
        lastModifiedMs: r.modified_ms,
      }
    })
    return { info, entries }
  }

  /**
   * Metadata of an account and (maybe) one of its containers, without access checks: for
   * the temp URL keys and CORS settings Swift's middleware reads before authorizing.
   */
  settingsOf(account: string, container?: string): { account: Meta; container: Meta } {
    const a = this.accounts.get(account)
    const c = container === undefined ? undefined : this.containers.get(account, container)
    return { account: a ? parseMeta(a.meta) : {}, container: c ? parseMeta(c.meta) : {} }
  }

  /** Sizes of an account (no access check: its users see their own usage). */
  usage(account: string): { containers: number; objects: number; bytes: number } {
    return this.accounts.stats(account)
  }

  /** The account's X-Account-Meta-Temp-URL-Key, made (randomly) on first use. */
  tempUrlKey(account: string): string {
    return this.db.transaction(() => {
      const row = this.accountRow(account)
      const meta = parseMeta(row.meta)
      const have = meta[TEMP_URL_KEY]
      if (have) return have
      const key = randomBytes(24).toString('base64url')
      this.accounts.update(account, JSON.stringify({ ...meta, [TEMP_URL_KEY]: key }), row.acl)
      return key
    })()
  }

  // ---- containers ----------------------------------------------------------------------

  private containerInfo(row: ContainerRow, owner: boolean): ContainerInfo {
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
      modifiedMs: row.modified_ms,
      versions: row.versions,
      versionsMode: row.versions_mode as ContainerInfo['versionsMode'],
      owner,
    }
  }

  /** Creates the container (true) or updates its metadata/ACLs (false, Swift's 202). */
  putContainer(who: Principal | null, account: string, name: string, u: ContainerUpdate): boolean {
    validateContainerName(name, this.limits)
    const grant = this.grant(who, { account, container: name }, { level: 'container', read: false })
    if (!grant.allowed) throw denied(who)
    return this.db.transaction(() => {
      this.accountRow(account)
      const row = this.containers.get(account, name)
      if (row) {
        this.updateContainer(row, u, grant)
        return false
      }
      const now = this.nowMs()
      const meta = applyMeta({}, u.meta)
      checkStoredMeta(meta, 'container', this.limits)
      this.containers.insert({
        account,
        name,
        created_at: now,
        put_ts: swiftTimestamp(now),
        meta: JSON.stringify(meta),
        read_acl: grant.owner ? (u.readAcl ?? '') : '',
        write_acl: grant.owner ? (u.writeAcl ?? '') : '',
        modified_ms: now,
        versions: u.versions ? u.versions.location : '',
        versions_mode: u.versions ? u.versions.mode : '',
      })
      return true
    })()
  }

  private updateContainer(row: ContainerRow, u: ContainerUpdate, grant: Grant): void {
    const meta = applyMeta(parseMeta(row.meta), u.meta)
    checkStoredMeta(meta, 'container', this.limits)
    // Only owners change ACLs (Swift strips the headers of other callers).
    const v = u.versions
    this.containers.update({
      id: row.id,
      meta: JSON.stringify(meta),
      read_acl: grant.owner ? (u.readAcl ?? row.read_acl) : row.read_acl,
      write_acl: grant.owner ? (u.writeAcl ?? row.write_acl) : row.write_acl,
      modified_ms: Math.max(this.nowMs(), row.modified_ms),
      versions: v === undefined ? row.versions : v === '' ? '' : v.location,
      versions_mode: v === undefined ? row.versions_mode : v === '' ? '' : v.mode,
    })
  }

  headContainer(
    who: Principal | null,
    account: string,
    name: string,
    o: RequestOptions = {},
  ): ContainerInfo {
    const { c, grant } = this.locate(
      who,
      { account, container: name, referer: o.referer },
      { level: 'container', read: true },
    )
    return this.containerInfo(c, grant.owner)
  }

  postContainer(who: Principal | null, account: string, name: string, u: ContainerUpdate): void {
    this.db.transaction(() => {
      const { c, grant } = this.locate(
        who,
        { account, container: name },
        { level: 'container', read: false },
      )
      this.updateContainer(c, u, grant)
    })()
  }

  deleteContainer(who: Principal | null, account: string, name: string): void {
    this.db.transaction(() => {
      const { c } = this.locate(
        who,
        { account, container: name },
        { level: 'container', read: false },
      )
      if (this.objects.count(c.id) > 0) {
        throw new ZeroLabError(
          'CONFLICT',
          'There was a conflict when trying to complete your request.',
          name,
        )
      }
      this.containers.delete(c.id)
    })()
  }

  listContainer(
    who: Principal | null,
    account: string,
    name: string,
    q: ListQuery & RequestOptions,
  ): { info: ContainerInfo; entries: ObjectEntry[] } {
    const { c, grant } = this.locate(
      who,
      { account, container: name, referer: q.referer },
      { level: 'container', read: true },
    )
    const limit = listingLimit(q.limit, this.limits.maxListing)
    const listed = listNames((r) => this.objects.list(c.id, r), q, limit)
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
        sloEtag: r.kind === SLO && r.slo_etag ? `"${r.slo_etag}"` : undefined,
        ...symlinkEntry(r, account),
      }
    })
    return { info: this.containerInfo(c, grant.owner), entries }
  }

  // ---- objects: reading ------------------------------------------------------------------

  /** The row of a live object (an expired one is gone, as in Swift once X-Delete-At passed). */
  liveRow(c: ContainerRow, name: string): ObjectRow | undefined {
    const r = this.objects.get(c.id, name)
    return r && this.isLive(r) ? r : undefined
  }

  isLive(r: ObjectRow): boolean {
    return r.delete_at === null || r.delete_at * 1000 > this.nowMs()
  }

  /** Read access to `ref` and its row; 401/403 before 404. */
  readable(
    who: Principal | null,
    ref: ObjectRef,
    o: RequestOptions = {},
  ): Located & { r: ObjectRow } {
    validateObjectName(ref.name, this.limits)
    const l = this.locate(who, { ...ref, referer: o.referer }, { level: 'object', read: true })
    const r = this.liveRow(l.c, ref.name)
    if (!r) throw new ZeroLabError('NOT_FOUND', `object ${ref.name} not found`, ref.name)
    return { ...l, r }
  }

  /** What a HEAD shows: for a large object, the whole (size and ETag of all segments). */
  headObject(who: Principal | null, ref: ObjectRef, o: OpenOptions = {}): ObjectInfo {
    const opened = this.openObject(who, ref, { ...o, head: true })
    opened.body.close()
    return opened.info
  }

  /**
   * Opens an object for GET/HEAD. Large objects resolve to their segments (read under the
   * caller's rights, as Swift's DLO/SLO middleware does) unless `raw` (multipart-manifest=get).
   */
  openObject(who: Principal | null, ref: ObjectRef, o: OpenOptions = {}): OpenedObject {
    const { c, r } = this.readable(who, ref, o)
    const link = linkOf(r)
    if (link && !o.symlinkGet) return this.followLink(who, ref, link, o)
    const info = this.objectInfo(c, r)
    if (r.kind === SLO && !o.raw && o.head) {
      // As Swift: a HEAD shows the stored size and ETag of the whole without reading segments.
      return {
        info: { ...info, etag: `"${r.slo_etag ?? ''}"` },
        body: new ObjectBody([]),
        raw: false,
        row: r,
      }
    }
    if (r.kind !== PLAIN && !o.raw) {
      const whole = this.large.resolve(who, c, r, o)
      return {
        info: { ...info, size: whole.body.size, etag: whole.etag },
        body: whole.body,
        raw: false,
        row: r,
      }
    }
    if (r.kind === SLO) info.size = r.stored_size ?? 0
    return { info, body: this.storedBody(r), raw: true, row: r }
  }

  /**
   * A symlink read through (Swift's symlink middleware): the target under the caller's own
   * rights, at most SYMLOOP_MAX links deep (409), a static link's ETag checked (409).
   */
  private followLink(
    who: Principal | null,
    ref: ObjectRef,
    link: Link,
    o: OpenOptions,
  ): OpenedObject {
    const depth = o.linkDepth ?? 0
    if (depth >= SYMLOOP_MAX)
      throw new ZeroLabError(
        'CONFLICT',
        `Too many levels of symbolic links, maximum allowed is ${SYMLOOP_MAX}`,
      )
    const target = linkTarget(link, ref.account)
    const opened = this.openObject(who, target, { ...o, linkDepth: depth + 1 })
    const etag = opened.info.etag.replace(/^"(.*)"$/, '$1')
    if (link.etag && link.etag !== etag) {
      opened.body.close()
      throw new ZeroLabError(
        'CONFLICT',
        `Object Etag '${etag}' does not match X-Symlink-Target-Etag header '${link.etag}'`,
      )
    }
    opened.info.contentLocation ??= `/v1/${quotePath(target.account)}/${quotePath(target.container)}/${quotePath(target.name)}`
    return opened
  }

  /** The stored bytes of a row, opened now (a concurrent replace cannot unlink them first). */
  storedBody(r: ObjectRow): ObjectBody {
    const size = r.kind === SLO ? (r.stored_size ?? 0) : r.size
    if (r.data_id !== null)
      return new ObjectBody([{ size, offset: 0, inline: this.objects.data(r.data_id) }])
    if (r.blob === null) return new ObjectBody([])
    return new ObjectBody([{ size, offset: 0, fd: openSync(this.blobs.path(r.blob), 'r') }])
  }

  /** The whole object; PAYLOAD_TOO_LARGE, before reading a byte, when over `maxBytes`. */
  async readAll(
    who: Principal | null,
    ref: ObjectRef,
    maxBytes: number,
  ): Promise<{ info: ObjectInfo; bytes: Uint8Array }> {
    const o = this.openObject(who, ref)
    try {
      if (o.info.size > maxBytes) {
        throw new ZeroLabError(
          'PAYLOAD_TOO_LARGE',
          `${ref.container}/${ref.name} has ${o.info.size} bytes, over the limit of ${maxBytes}`,
          ref.name,
          { cap: maxBytes, asked: o.info.size },
        )
      }
      return { info: o.info, bytes: new Uint8Array(await o.body.bytes(maxBytes)) }
    } finally {
      o.body.close()
    }
  }

  objectInfo(c: ContainerRow, r: ObjectRow): ObjectInfo {
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
      kind: r.kind as ObjectKind,
      manifest: r.manifest ?? undefined,
      manifestEtag: r.kind === SLO ? r.etag : undefined,
      deleteAt: r.delete_at ?? undefined,
      link: linkOf(r),
    }
  }

  // ---- objects: writing ------------------------------------------------------------------

  /** Write access to `ref`'s container; 401/403 before 404. */
  writable(who: Principal | null, ref: ObjectRef): Located {
    validateObjectName(ref.name, this.limits)
    return this.locate(who, ref, { level: 'object', read: false })
  }

  /**
   * PUT: streams the body into a pooled file (or memory for small ones), checks the client's
   * ETag and the quotas, then commits the row (versioning the replaced object if the container
   * asks) and acknowledges once the commit is on disk.
   */
  async putObject(
    who: Principal | null,
    ref: ObjectRef,
    body: AsyncIterable<Uint8Array> | null,
    opts: PutOptions = {},
  ): Promise<ObjectInfo> {
    const { c } = this.writable(who, ref)
    if (opts.ifNoneMatchAny && this.liveRow(c, ref.name)) {
      throw new ZeroLabError('PRECONDITION_FAILED', 'Precondition Failed', ref.name)
    }
    if (opts.contentLength !== undefined && opts.contentLength > this.limits.maxObjectSize) {
      throw new ZeroLabError(
        'PAYLOAD_TOO_LARGE',
        `Your request is too large: object larger than the limit of ${this.limits.maxObjectSize} bytes`,
      )
    }
    this.quotas.checkPut(c, opts.contentLength ?? 0)
    const link = opts.link ? parseLink(opts.link, ref) : undefined
    let contentType = opts.contentType
    if (link) {
      if (opts.contentLength) throw symlinkBody()
      if (link.etag) contentType ||= this.staticTarget(who, ref, link)
      contentType ||= 'application/symlink'
    }
    const p = await this.blobs.write(body, {
      maxBytes: this.limits.maxObjectSize,
      expectedLength: opts.contentLength,
      inlineMax: this.inlineMax,
    })
    if (link && p.size > 0) throw symlinkBody()
    if (opts.etag !== undefined && opts.etag.toLowerCase() !== p.etag) {
      await this.blobs.discard(p)
      throw new ZeroLabError('ETAG_MISMATCH', 'Unprocessable Entity', 'ETag')
    }
    return this.commit(who, ref, p, {
      link,
      contentType: contentType || guessContentType(ref.name),
      meta: opts.meta ?? {},
      ifNoneMatchAny: opts.ifNoneMatchAny,
      kind: opts.manifest !== undefined ? DLO : PLAIN,
      manifest: opts.manifest,
      deleteAt: opts.deleteAt,
    })
  }

  /**
   * Starts writing an object piece by piece (an instance's output): bytes go to a pooled
   * file; `commit()` makes it visible atomically (re-checking the write ACL and quotas, as a
   * PUT does), `abort()` drops it. Write rights are checked now too, so a forbidden output fails
   * before any byte is written.
   */
  async createObject(
    who: Principal | null,
    ref: ObjectRef,
    opts: Pick<PutOptions, 'contentType' | 'meta'> = {},
  ): Promise<ObjectWrite> {
    this.writable(who, ref)
    const blob = this.blobs.begin(this.limits.maxObjectSize, this.inlineMax)
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

  /**
   * A static link's target: it must exist and carry the given ETag (409 otherwise); notes
   * its size on the link and returns its Content-Type (a static link's default).
   */
  private staticTarget(who: Principal | null, ref: ObjectRef, link: Link): string {
    const target = linkTarget(link, ref.account)
    let info: ObjectInfo
    try {
      info = this.headObject(who, target, { symlinkGet: true })
    } catch (e) {
      if (e instanceof ZeroLabError && e.code === 'NOT_FOUND')
        throw new ZeroLabError('CONFLICT', 'X-Symlink-Target does not exist', 'X-Symlink-Target')
      throw e
    }
    const etag = (info.link?.etag ?? info.etag).replace(/^"(.*)"$/, '$1')
    if (etag !== link.etag) {
      throw new ZeroLabError(
        'CONFLICT',
        `Object Etag '${etag}' does not match X-Symlink-Target-Etag header '${link.etag}'`,
        'X-Symlink-Target-Etag',
      )
    }
    link.bytes = info.link?.bytes ?? info.size
    return info.contentType
  }

  /**
   * Makes pending bytes an object: re-checks rights and preconditions in the transaction,
   * versions the replaced object, writes the row, waits for the WAL fsync, then frees the
   * replaced bytes.
   */
  async commit(
    who: Principal | null,
    ref: ObjectRef,
    p: PendingBlob,
    o: {
      contentType: string
      meta: Meta
      ifNoneMatchAny?: boolean | undefined
      kind?: ObjectKind
      manifest?: string | undefined
      deleteAt?: number | undefined
      /** SLO: listing size and etag of the whole. */
      slo?: { size: number; etag: string } | undefined
      /** Skip versioning (writes made by versioning itself). */
      unversioned?: boolean
      link?: Link | undefined
    },
  ): Promise<ObjectInfo> {
    let committed: { value: { info: ObjectInfo; free: string[] }; durable: Promise<void> }
    try {
      committed = this.wal.commit(() => {
        // Re-checked: the container may have been deleted or its ACL changed meanwhile.
        const { c } = this.writable(who, ref)
        const old = this.liveRow(c, ref.name)
        if (o.ifNoneMatchAny && old) {
          throw new ZeroLabError('PRECONDITION_FAILED', 'Precondition Failed', ref.name)
        }
        const size = o.slo?.size ?? p.size
        this.quotas.checkPut(c, size)
        const free: string[] = []
        // Versioned writes: the replaced object moves into the versions container.
        const version = old && !o.unversioned ? this.versioning.versionOf(who, c, old) : undefined
        const now = this.nowMs()
        const row: ObjectRow = {
          container_id: c.id,
          name: ref.name,
          blob: p.id ?? null,
          data_id: p.inline ? this.objects.insertData(p.inline) : null,
          size,
          etag: p.etag,
          content_type: o.contentType,
          modified_ms: now,
          ts: swiftTimestamp(now),
          meta: JSON.stringify(applyMeta({}, o.meta)),
          kind: o.kind ?? (o.slo ? SLO : PLAIN),
          manifest: o.manifest ?? null,
          stored_size: o.slo ? p.size : null,
          slo_etag: o.slo?.etag ?? null,
          delete_at: o.deleteAt ?? null,
          link: o.link ? JSON.stringify(o.link) : null,
        }
        const replaced = this.objects.upsert(row)
        if (version) this.objects.upsert(version)
        else if (replaced?.blob) free.push(replaced.blob)
        return { info: this.objectInfo(c, row), free }
      })
    } catch (e) {
      await this.blobs.discard(p)
      throw e
    }
    await committed.durable
    for (const id of committed.value.free) await this.blobs.remove(id)
    return committed.value.info
  }

  /**
   * POST: replaces all X-Object-Meta-* (Swift's fast-POST); Content-Type only when given;
   * X-Delete-At set or kept; X-Object-Manifest set or dropped (a POST without it makes a DLO
   * manifest a plain object again, as in Swift).
   */
  async postObject(
    who: Principal | null,
    ref: ObjectRef,
    u: {
      meta: Meta
      contentType?: string | undefined
      deleteAt?: number | null | undefined
      manifest?: string | undefined
    },
  ): Promise<ObjectInfo> {
    const committed = this.wal.commit(() => {
      const { c } = this.writable(who, ref)
      const r = this.liveRow(c, ref.name)
      if (!r) throw new ZeroLabError('NOT_FOUND', `object ${ref.name} not found`, ref.name)
      const now = this.nowMs()
      const kind: ObjectKind = r.kind === SLO ? SLO : u.manifest !== undefined ? DLO : PLAIN
      const next: ObjectRow = {
        ...r,
        content_type: u.contentType || r.content_type,
        meta: JSON.stringify(applyMeta({}, u.meta)),
        ts: swiftTimestamp(now),
        modified_ms: now,
        kind,
        manifest: kind === DLO ? u.manifest! : null,
        delete_at: u.deleteAt === undefined ? r.delete_at : u.deleteAt,
      }
      this.objects.updateMeta(next)
      return this.objectInfo(c, next)
    })
    await committed.durable
    return committed.value
  }

  /**
   * DELETE: 404 when missing (or expired). With versioned writes the container's policy
   * decides (stack: the previous version comes back; history: a delete marker is kept).
   */
  async deleteObject(
    who: Principal | null,
    ref: ObjectRef,
    o: { ifDeleteAt?: number | undefined } = {},
  ): Promise<void> {
    const { c } = this.writable(who, ref)
    if (c.versions && o.ifDeleteAt === undefined) {
      await this.versioning.delete(who, c, ref)
      return
    }
    await this.removeRow(who, ref, o.ifDeleteAt)
  }

  /**
   * Deletes the row (401/403/404 as DELETE; 412 when `ifDeleteAt` is not its X-Delete-At)
   * and, once durable, its bytes.
   */
  async removeRow(who: Principal | null, ref: ObjectRef, ifDeleteAt?: number): Promise<ObjectRow> {
    const committed = this.wal.commit(() => {
      const { c } = this.writable(who, ref)
      const live = this.liveRow(c, ref.name)
      if (live && ifDeleteAt !== undefined && live.delete_at !== ifDeleteAt)
        throw new ZeroLabError('PRECONDITION_FAILED', 'Precondition Failed', 'X-If-Delete-At')
      const old = this.objects.delete(c.id, ref.name)
      if (!old || !live)
        throw new ZeroLabError('NOT_FOUND', `object ${ref.name} not found`, ref.name)
      return old
    })
    await committed.durable
    if (committed.value.blob) await this.blobs.remove(committed.value.blob)
    return committed.value
  }

  /**
   * COPY / X-Copy-From: read rights on the source are checked first (its 401/403/404 win),
   * then write rights on the destination. A large object is copied as its concatenated bytes
   * unless `raw` (multipart-manifest=get copies the manifest). Metadata is carried over and
   * `meta` merged on top, unless `fresh` (X-Fresh-Metadata). A plain file copied whole costs
   * a hard link, not its bytes.
   */
  async copyObject(
    who: Principal | null,
    src: ObjectRef,
    dst: ObjectRef,
    o: {
      meta?: Meta | undefined
      fresh?: boolean | undefined
      contentType?: string | undefined
      range?: string | undefined
      raw?: boolean | undefined
      deleteAt?: number | undefined
      referer?: string | undefined
      ifNoneMatchAny?: boolean | undefined
      symlinkGet?: boolean | undefined
    } = {},
  ): Promise<{ info: ObjectInfo; source: ObjectInfo }> {
    const opened = this.openObject(who, src, {
      referer: o.referer,
      raw: o.raw,
      symlinkGet: o.symlinkGet,
    })
    const source = opened.info
    const meta = o.fresh ? applyMeta({}, o.meta) : applyMeta(source.meta, o.meta)
    if (opened.raw && source.kind === SLO) {
      // Copying a manifest is PUTting it again at the destination: its segments are checked
      // there, under the caller's rights (Swift's copy middleware + slo).
      const input = putForm(this.large.manifestOf(opened.row))
      opened.body.close()
      const info = await putSloManifest(this, who, dst, {
        body: [Buffer.from(JSON.stringify(input))],
        meta,
        contentType: o.contentType || source.contentType,
        deleteAt: o.deleteAt,
        ifNoneMatchAny: o.ifNoneMatchAny,
      })
      return { info, source }
    }
    let p: PendingBlob
    try {
      this.writable(who, dst)
      p = await this.copyBytes(opened, o.range)
    } finally {
      opened.body.close()
    }
    const keepDlo = opened.raw && source.kind === DLO
    const info = await this.commit(who, dst, p, {
      contentType: o.contentType || source.contentType,
      meta,
      ifNoneMatchAny: o.ifNoneMatchAny,
      kind: keepDlo ? DLO : PLAIN,
      manifest: keepDlo ? source.manifest : undefined,
      deleteAt: o.deleteAt,
      link: o.symlinkGet ? source.link : undefined,
    })
    return { info, source }
  }

  /**
   * The bytes of an opened object (a range of them) as pending bytes: a hard link when a
   * plain file is copied whole, otherwise streamed into a new file or inline.
   */
  private async copyBytes(opened: OpenedObject, range: string | undefined): Promise<PendingBlob> {
    const r = opened.row
    const whole = parseRange(range, opened.body.size)
    if (opened.raw && r.blob && r.kind === PLAIN && whole === null) {
      try {
        const id = await this.blobs.linkCopy(r.blob)
        return { id, inline: undefined, size: r.size, etag: r.etag }
      } catch {
        // replaced meanwhile: copy the bytes from the open descriptor below
      }
    }
    if (whole === 'unsatisfiable') {
      throw new ZeroLabError('RANGE_NOT_SATISFIABLE', 'Requested Range Not Satisfiable', 'Range')
    }
    const [start, end] = whole && whole.length === 1 ? whole[0]! : [0, opened.body.size - 1]
    return this.blobs.write(opened.body.read(start, end), {
      maxBytes: this.limits.maxObjectSize,
      inlineMax: this.inlineMax,
    })
  }

  /** For tests and the kill -9 check: every object row with its blob path. */
  allObjects(): { ref: ObjectRef; etag: string; size: number; path: string | undefined }[] {
    const rows = this.objects.all()
    return rows.map((r) => ({
      ref: { account: r.account, container: r.container, name: r.name },
      etag: r.etag,
      size: r.size,
      path: r.blob ? this.blobs.path(r.blob) : undefined,
    }))
  }
}
