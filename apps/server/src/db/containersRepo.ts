import type { Db } from './openDb.ts'
import { prep } from './prep.ts'

export interface ContainerRow {
  id: number
  account: string
  name: string
  created_at: number
  put_ts: string
  meta: string
  read_acl: string
  write_acl: string
}

export interface ContainerListRow {
  name: string
  put_ts: string
  count: number
  bytes: number
}

export interface RangeQuery {
  /** Names strictly after (or, with `gte`, at or after) this one. */
  after: string
  gte: boolean
  /** Names strictly before this one; '' = no bound. */
  before: string
  prefix: string
  limit: number
}

const COLS = 'id, account, name, created_at, put_ts, meta, read_acl, write_acl'

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
      'INSERT INTO containers (account, name, created_at, put_ts, meta, read_acl, write_acl) VALUES (@account, @name, @created_at, @put_ts, @meta, @read_acl, @write_acl)',
    ).run(r)
  }

  update(r: Pick<ContainerRow, 'id' | 'meta' | 'read_acl' | 'write_acl'>): void {
    prep(
      this.db,
      'UPDATE containers SET meta = @meta, read_acl = @read_acl, write_acl = @write_acl WHERE id = @id',
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
    return prep(
      this.db,
      `SELECT c.name, c.put_ts, c.object_count AS count, c.bytes_used AS bytes
           FROM containers c
          WHERE c.account = @account
            AND c.name ${q.gte ? '>=' : '>'} @after
            AND (@before = '' OR c.name < @before)
            AND c.name >= @prefix AND substr(c.name, 1, @plen) = @prefix
          ORDER BY c.name LIMIT @limit`,
    ).all({
      account,
      after: q.after,
      before: q.before,
      prefix: q.prefix,
      limit: q.limit,
      plen: [...q.prefix].length,
    }) as ContainerListRow[]
  }
}
