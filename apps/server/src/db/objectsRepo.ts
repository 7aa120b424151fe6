import type { Db } from './openDb.ts'
import { prep } from './prep.ts'
import { rangeSql, type RangeQuery } from './rangeSql.ts'

export interface ObjectRow {
  container_id: number
  name: string
  /** File id; null when the bytes are inline (`data_id`) or there are none. */
  blob: string | null
  data_id: number | null
  size: number
  etag: string
  content_type: string
  modified_ms: number
  ts: string
  meta: string
  /** 0 plain, 1 DLO, 2 SLO. */
  kind: number
  manifest: string | null
  stored_size: number | null
  slo_etag: string | null
  delete_at: number | null
  /** Symlink: JSON `{ target, account?, etag?, bytes? }` (see storage/symlinks.ts). */
  link: string | null
}

const COLS =
  'container_id, name, blob, data_id, size, etag, content_type, modified_ms, ts, meta, kind, manifest, stored_size, slo_etag, delete_at, link'
const VALUES = COLS.split(', ')
  .map((c) => `@${c}`)
  .join(', ')
const UPDATES = COLS.split(', ')
  .slice(2)
  .map((c) => `${c} = excluded.${c}`)
  .join(', ')

export class ObjectsRepo {
  constructor(private readonly db: Db) {}

  get(containerId: number, name: string): ObjectRow | undefined {
    return prep(this.db, `SELECT ${COLS} FROM objects WHERE container_id = ? AND name = ?`).get(
      containerId,
      name,
    ) as ObjectRow | undefined
  }

  /** Inline bytes of a row. */
  data(id: number): Buffer {
    return prep(this.db, 'SELECT bytes FROM object_data WHERE id = ?').pluck().get(id) as Buffer
  }

  insertData(bytes: Buffer): number {
    return Number(
      prep(this.db, 'INSERT INTO object_data (bytes) VALUES (?)').run(bytes).lastInsertRowid,
    )
  }

  /** Inserts or replaces; returns the replaced row, if any. */
  upsert(r: ObjectRow): ObjectRow | undefined {
    const old = this.get(r.container_id, r.name)
    prep(
      this.db,
      `INSERT INTO objects (${COLS}) VALUES (${VALUES})
         ON CONFLICT(container_id, name) DO UPDATE SET ${UPDATES}`,
    ).run(r)
    return old
  }

  updateMeta(
    r: Pick<
      ObjectRow,
      | 'container_id'
      | 'name'
      | 'content_type'
      | 'meta'
      | 'ts'
      | 'modified_ms'
      | 'kind'
      | 'manifest'
      | 'delete_at'
    >,
  ): void {
    prep(
      this.db,
      `UPDATE objects SET content_type = @content_type, meta = @meta, ts = @ts, modified_ms = @modified_ms,
         kind = @kind, manifest = @manifest, delete_at = @delete_at
         WHERE container_id = @container_id AND name = @name`,
    ).run(r)
  }

  /** Every object of the store with its container, for the recovery check. */
  all(): (Pick<ObjectRow, 'name' | 'etag' | 'size' | 'blob'> & {
    account: string
    container: string
  })[] {
    return prep(
      this.db,
      'SELECT c.account, c.name AS container, o.name, o.etag, o.size, o.blob FROM objects o JOIN containers c ON c.id = o.container_id ORDER BY c.account, c.name, o.name',
    ).all() as (Pick<ObjectRow, 'name' | 'etag' | 'size' | 'blob'> & {
      account: string
      container: string
    })[]
  }

  delete(containerId: number, name: string): ObjectRow | undefined {
    const old = this.get(containerId, name)
    if (old)
      prep(this.db, 'DELETE FROM objects WHERE container_id = ? AND name = ?').run(
        containerId,
        name,
      )
    return old
  }

  count(containerId: number): number {
    return prep(this.db, 'SELECT COUNT(*) FROM objects WHERE container_id = ?')
      .pluck()
      .get(containerId) as number
  }

  list(containerId: number, q: RangeQuery): ObjectRow[] {
    const r = rangeSql('name', q)
    return prep(
      this.db,
      `SELECT ${COLS} FROM objects WHERE container_id = @cid${r.where} ${r.order}`,
    ).all({ cid: containerId, ...r.params }) as ObjectRow[]
  }

  /** Objects whose X-Delete-At has passed, oldest first, with their account and container. */
  expired(nowSec: number, limit: number): (ObjectRow & { account: string; container: string })[] {
    return prep(
      this.db,
      `SELECT c.account, c.name AS container, ${COLS.split(', ')
        .map((x) => `o.${x}`)
        .join(', ')}
         FROM objects o JOIN containers c ON c.id = o.container_id
        WHERE o.delete_at IS NOT NULL AND o.delete_at <= ? ORDER BY o.delete_at LIMIT ?`,
    ).all(nowSec, limit) as (ObjectRow & { account: string; container: string })[]
  }

  /** Every committed blob id (for the start-up sweep). */
  allBlobs(): Set<string> {
    return new Set(
      prep(this.db, 'SELECT blob FROM objects WHERE blob IS NOT NULL').pluck().all() as string[],
    )
  }
}
