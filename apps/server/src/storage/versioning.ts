import { ZeroLabError } from '@zerolab/shared'
import type { Principal } from '../auth/principal.ts'
import type { ContainerRow } from '../db/containersRepo.ts'
import type { ObjectRow } from '../db/objectsRepo.ts'
import { nextPrefix } from './listing.ts'
import type { ObjectService } from './objectService.ts'
import { swiftTimestamp } from './swiftTimestamp.ts'
import type { ObjectRef } from './types.ts'

/** Content type of a history-mode delete marker (Swift's DELETE_MARKER_CONTENT_TYPE). */
export const DELETE_MARKER = 'application/x-deleted;swift_versions_deleted=1'

/** `%03x<name>/` (the length in UTF-8 bytes): where the versions of `name` live. */
export const versionsPrefix = (name: string): string =>
  `${Buffer.byteLength(name).toString(16).padStart(3, '0')}${name}/`

/** The versions container: the stored location percent-decoded, as versioned_writes does. */
function versionsName(c: ContainerRow): string {
  try {
    return decodeURIComponent(c.versions)
  } catch {
    return c.versions
  }
}

const EMPTY_MD5 = 'd41d8cd98f00b204e9800998ecf8427e'

/**
 * Swift's legacy versioned writes (X-Versions-Location = stack, X-History-Location =
 * history). A PUT over an object moves the replaced one into the versions container as
 * `<len><name>/<its timestamp>` (its bytes change owner, nothing is copied). A DELETE in stack
 * mode brings the newest version back; in history mode it keeps the current object as a
 * version and adds a delete marker.
 */
export class Versioning {
  constructor(private readonly svc: ObjectService) {}

  private versionsContainer(c: ContainerRow): ContainerRow {
    const v = this.svc.containers.get(c.account, versionsName(c))
    // Swift's copy into a missing versions container fails as a client error: 412.
    if (!v) throw new ZeroLabError('PRECONDITION_FAILED', 'Precondition Failed', c.versions)
    return v
  }

  /** The row that keeps `old` as a version (inside the caller's transaction), if versioning. */
  versionOf(_who: Principal | null, c: ContainerRow, old: ObjectRow): ObjectRow | undefined {
    if (!c.versions) return undefined
    return this.asVersion(this.versionsContainer(c), old, old.name, old.ts)
  }

  /** A copy of `r` named as a version of `name` at `ts`, in container `v` (inline bytes copied). */
  private asVersion(v: ContainerRow, r: ObjectRow, name: string, ts: string): ObjectRow {
    const now = this.svc.nowMs()
    return {
      ...r,
      container_id: v.id,
      name: `${versionsPrefix(name)}${ts}`,
      data_id:
        r.data_id === null ? null : this.svc.objects.insertData(this.svc.objects.data(r.data_id)),
      modified_ms: now,
      ts: swiftTimestamp(now),
    }
  }

  /** DELETE in a versioned container. */
  async delete(who: Principal | null, c: ContainerRow, ref: ObjectRef): Promise<void> {
    if (c.versions_mode === 'history') return this.deletePush(who, ref)
    return this.deletePop(who, c, ref)
  }

  /** History mode: the current object becomes a version, a delete marker follows, then DELETE. */
  private async deletePush(who: Principal | null, ref: ObjectRef): Promise<void> {
    const committed = this.svc.wal.commit(() => {
      const { c: cur } = this.svc.writable(who, ref)
      const v = this.versionsContainer(cur)
      const old = this.svc.liveRow(cur, ref.name)
      if (old) this.svc.objects.upsert(this.asVersion(v, old, ref.name, old.ts))
      const now = this.svc.nowMs()
      const ts = swiftTimestamp(now)
      this.svc.objects.upsert({
        container_id: v.id,
        name: `${versionsPrefix(ref.name)}${ts}`,
        blob: null,
        data_id: null,
        size: 0,
        etag: EMPTY_MD5,
        content_type: DELETE_MARKER,
        modified_ms: now,
        ts,
        meta: '{}',
        kind: 0,
        manifest: null,
        stored_size: null,
        slo_etag: null,
        delete_at: null,
        link: null,
      })
      // The bytes moved to the version: drop only the row (an expired one's bytes are freed).
      const gone = this.svc.objects.delete(cur.id, ref.name)
      return { found: old !== undefined, free: !old && gone?.blob ? gone.blob : undefined }
    })
    await committed.durable
    if (committed.value.free) await this.svc.blobs.remove(committed.value.free)
    if (!committed.value.found)
      throw new ZeroLabError('NOT_FOUND', `object ${ref.name} not found`, ref.name)
  }

  /**
   * Stack mode (`handle_obj_versions_delete_pop`): the newest version replaces the object and
   * leaves the versions container; without versions it is a plain DELETE. History-mode delete
   * markers met on the way mean "deleted": the newest real version before one is restored only
   * when the object is currently gone.
   */
  private async deletePop(who: Principal | null, c: ContainerRow, ref: ObjectRef): Promise<void> {
    const v = this.svc.containers.get(c.account, versionsName(c))
    const prefix = versionsPrefix(ref.name)
    const versions = v
      ? this.svc.objects.list(v.id, {
          gte: prefix,
          lt: nextPrefix(prefix),
          reverse: true,
          limit: 10_000,
        })
      : []
    if (!v || versions.length === 0) {
      await this.svc.removeRow(who, ref)
      return
    }
    const committed = this.svc.wal.commit(() => {
      const { c: cur } = this.svc.writable(who, ref)
      const free: string[] = []
      let restore: ObjectRow | undefined
      let dropMarker: ObjectRow | undefined
      const newest = versions[0]!
      if (newest.content_type === DELETE_MARKER) {
        if (this.svc.liveRow(cur, ref.name)) {
          // The object exists despite the marker: an ordinary DELETE of it.
          const gone = this.svc.objects.delete(cur.id, ref.name)
          if (gone?.blob) free.push(gone.blob)
          return free
        }
        dropMarker = newest
        const next = versions[1]
        restore = next && next.content_type !== DELETE_MARKER ? next : undefined
      } else restore = newest
      if (dropMarker) this.svc.objects.delete(v.id, dropMarker.name)
      if (restore) {
        const data =
          restore.data_id === null
            ? null
            : this.svc.objects.insertData(this.svc.objects.data(restore.data_id))
        this.svc.objects.delete(v.id, restore.name)
        const now = this.svc.nowMs()
        const replaced = this.svc.objects.upsert({
          ...restore,
          container_id: cur.id,
          name: ref.name,
          data_id: data,
          modified_ms: now,
          ts: swiftTimestamp(now),
        })
        if (replaced?.blob) free.push(replaced.blob)
      }
      return free
    })
    await committed.durable
    for (const id of committed.value) await this.svc.blobs.remove(id)
  }
}
