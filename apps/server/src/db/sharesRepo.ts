import { ZeroLabError } from '@zerolab/shared'
import type { Db } from './openDb.ts'

/** What one account may store as share links. */
export interface ShareQuota {
  maxShares: number
  maxBytes: number
}

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

  /** Shares stored by an account and their bytes. */
  usage(account: string): { count: number; bytes: number } {
    return this.db
      .prepare(
        'SELECT COUNT(*) AS count, COALESCE(SUM(size), 0) AS bytes FROM shares WHERE account = ?',
      )
      .get(account) as { count: number; bytes: number }
  }

  /**
   * Inserts a new share if the account's quota allows it (one transaction: two requests
   * cannot both pass the check); an existing id is returned as it is and costs nothing.
   */
  putWithinQuota(
    row: ShareRow & { account: string },
    quota: ShareQuota,
  ): { row: ShareRow; created: boolean } {
    return this.db.transaction(() => {
      const known = this.get(row.id)
      if (known) return { row: known, created: false }
      const used = this.usage(row.account)
      if (used.count + 1 > quota.maxShares)
        throw new ZeroLabError(
          'QUOTA_EXCEEDED',
          `${row.account} has ${used.count} shares; the quota is ${quota.maxShares}`,
          row.account,
          { cap: quota.maxShares, asked: used.count + 1 },
        )
      if (used.bytes + row.size > quota.maxBytes)
        throw new ZeroLabError(
          'QUOTA_EXCEEDED',
          `${row.account} shares would hold ${used.bytes + row.size} bytes; the quota is ${quota.maxBytes}`,
          row.account,
          { cap: quota.maxBytes, asked: used.bytes + row.size },
        )
      return this.putIfAbsent(row)
    })()
  }

  get(id: string): ShareRow | undefined {
    return this.db.prepare('SELECT * FROM shares WHERE id = ?').get(id) as ShareRow | undefined
  }
}
