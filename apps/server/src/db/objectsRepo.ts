import type { Db } from './openDb.ts'
import { prep } from './prep.ts'
import type { RangeQuery } from './containersRepo.ts'

export interface ObjectRow {
  container_id: number
  name: string
  blob: string
  size: number
  etag: string
  content_type: string
  modified_ms: number
  ts: string
  meta: string
}

const COLS = 'container_id, name, blob, size, etag, content_type, modified_ms, ts, meta'

export class ObjectsRepo {
  constructor(private readonly db: Db) {}

  get(containerId: number, name: string): ObjectRow | undefined {
    return prep(this.db, `SELECT ${COLS} FROM objects WHERE container_id = ? AND name = ?`).get(
      containerId,
      name,
    ) as ObjectRow | undefined
  }

  /** Inserts or replaces; returns the blob id of the replaced row, if any. */
  upsert(r: ObjectRow): string | undefined {
    const old = prep(this.db, 'SELECT blob FROM objects WHERE container_id = ? AND name = ?')
      .pluck()
      .get(r.container_id, r.name) as string | undefined
    prep(
      this.db,
      `INSERT INTO objects (${COLS}) VALUES (@container_id, @name, @blob, @size, @etag, @content_type, @modified_ms, @ts, @meta)
         ON CONFLICT(container_id, name) DO UPDATE SET blob = excluded.blob, size = excluded.size,
           etag = excluded.etag, content_type = excluded.content_type, modified_ms = excluded.modified_ms,
           ts = excluded.ts, meta = excluded.meta`,
    ).run(r)
    return old
  }

  updateMeta(
    r: Pick<ObjectRow, 'container_id' | 'name' | 'content_type' | 'meta' | 'ts' | 'modified_ms'>,
  ): void {
    prep(
      this.db,
      'UPDATE objects SET content_type = @content_type, meta = @meta, ts = @ts, modified_ms = @modified_ms WHERE container_id = @container_id AND name = @name',
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

  delete(containerId: number, name: string): string | undefined {
    const old = prep(
      this.db,
      'DELETE FROM objects WHERE container_id = ? AND name = ? RETURNING blob',
    )
      .pluck()
      .get(containerId, name) as string | undefined
    return old
  }

  count(containerId: number): number {
    return prep(this.db, 'SELECT COUNT(*) FROM objects WHERE container_id = ?')
      .pluck()
      .get(containerId) as number
  }

  list(containerId: number, q: RangeQuery): ObjectRow[] {
    return prep(
      this.db,
      `SELECT ${COLS} FROM objects
          WHERE container_id = @cid
            AND name ${q.gte ? '>=' : '>'} @after
            AND (@before = '' OR name < @before)
            AND name >= @prefix AND substr(name, 1, @plen) = @prefix
          ORDER BY name LIMIT @limit`,
    ).all({
      cid: containerId,
      after: q.after,
      before: q.before,
      prefix: q.prefix,
      limit: q.limit,
      plen: [...q.prefix].length,
    }) as ObjectRow[]
  }

  /** Every committed blob id (for the start-up sweep). */
  allBlobs(): Set<string> {
    return new Set(prep(this.db, 'SELECT blob FROM objects').pluck().all() as string[])
  }
}
