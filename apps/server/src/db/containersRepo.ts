import type { Db } from './openDb.ts'
import { prep } from './prep.ts'
import { rangeSql, type RangeQuery } from './rangeSql.ts'

export interface ContainerRow {
  id: number
  account: string
  name: string
  created_at: number
  put_ts: string
  meta: string
  read_acl: string
  write_acl: string
  modified_ms: number
  versions: string
  versions_mode: string
}

export interface ContainerListRow {
  name: string
  modified_ms: number
  count: number
  bytes: number
}

const COLS =
  'id, account, name, created_at, put_ts, meta, read_acl, write_acl, modified_ms, versions, versions_mode'

export class ContainersRepo {
  constructor(private readonly db: Db) {}

  get(account: string, name: string): ContainerRow | undefined {
    return prep(this.db, `SELECT ${COLS} FROM containers WHERE account = ? AND name = ?`).get(
      account,
      name,
    ) as ContainerRow | undefined
  }

  insert(r: Omit<ContainerRow, 'id'>): void {
    prep(
      this.db,
      `INSERT INTO containers (account, name, created_at, put_ts, meta, read_acl, write_acl, modified_ms, versions, versions_mode)
         VALUES (@account, @name, @created_at, @put_ts, @meta, @read_acl, @write_acl, @modified_ms, @versions, @versions_mode)`,
    ).run(r)
  }

  update(
    r: Pick<
      ContainerRow,
      'id' | 'meta' | 'read_acl' | 'write_acl' | 'modified_ms' | 'versions' | 'versions_mode'
    >,
  ): void {
    prep(
      this.db,
      `UPDATE containers SET meta = @meta, read_acl = @read_acl, write_acl = @write_acl,
         modified_ms = @modified_ms, versions = @versions, versions_mode = @versions_mode WHERE id = @id`,
    ).run(r)
  }

  delete(id: number): void {
    prep(this.db, 'DELETE FROM containers WHERE id = ?').run(id)
  }

  stats(id: number): { count: number; bytes: number } {
    return prep(
      this.db,
      'SELECT object_count AS count, bytes_used AS bytes FROM containers WHERE id = ?',
    ).get(id) as { count: number; bytes: number }
  }

  list(account: string, q: RangeQuery): ContainerListRow[] {
    const r = rangeSql('c.name', q)
    return prep(
      this.db,
      `SELECT c.name, c.modified_ms, c.object_count AS count, c.bytes_used AS bytes
           FROM containers c WHERE c.account = @account${r.where} ${r.order}`,
    ).all({ account, ...r.params }) as ContainerListRow[]
  }
}
