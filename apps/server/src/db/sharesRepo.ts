import type { Db } from './openDb.ts'

export interface ShareRow {
  id: string
  doc: string
  size: number
  account: string | null
  created_ms: number
}

export class SharesRepo {
  constructor(private readonly db: Db) {}

  /** Inserts unless the id exists (shares are immutable); returns the stored row. */
  putIfAbsent(row: ShareRow): { row: ShareRow; created: boolean } {
    const r = this.db
      .prepare(
        `INSERT INTO shares (id, doc, size, account, created_ms)
         VALUES (@id, @doc, @size, @account, @created_ms) ON CONFLICT(id) DO NOTHING`,
      )
      .run(row)
    return { row: this.get(row.id)!, created: r.changes > 0 }
  }

  get(id: string): ShareRow | undefined {
    return this.db.prepare('SELECT * FROM shares WHERE id = ?').get(id) as ShareRow | undefined
  }
}
