import { ZeroLabError } from '@zerolab/shared'
import type { Principal } from '../auth/principal.ts'
import type { Db } from '../db/openDb.ts'
import { SharesRepo, type ShareQuota } from '../db/sharesRepo.ts'
import { SHARE_ID_RE, canonicalJson, shareId } from './shareId.ts'

export interface CreatedShare {
  id: string
  size: number
  /** False when the same document was shared before (same id). */
  created: boolean
}

/**
 * Immutable short links: a job document stored under its content address, so sharing the
 * same job twice gives the same link.
 */
export class ShareService {
  private readonly repo: SharesRepo

  constructor(
    db: Db,
    private readonly limits: { maxBytes: number; quota: ShareQuota },
    private readonly now: () => number = Date.now,
  ) {
    this.repo = new SharesRepo(db)
  }

  /** Stores `doc` for `owner`'s account, within its share quota (QUOTA_EXCEEDED beyond). */
  create(doc: unknown, owner: Principal): CreatedShare {
    if (typeof doc !== 'object' || doc === null)
      throw new ZeroLabError(
        'INVALID_REQUEST',
        '$: a share holds a job (an array or an object)',
        '$',
      )
    const text = canonicalJson(doc)
    const size = Buffer.byteLength(text)
    const max = this.limits.maxBytes
    if (size > max) throw new ZeroLabError('PAYLOAD_TOO_LARGE', `a share is at most ${max} bytes`)
    const id = shareId(doc)
    const { row, created } = this.repo.putWithinQuota(
      { id, doc: text, size, account: owner.account, created_ms: this.now() },
      this.limits.quota,
    )
    if (row.doc !== text) throw new ZeroLabError('CONFLICT', `share id ${id} collides`, id)
    return { id, size, created }
  }

  /** The shared document's JSON text; 404 for an unknown or malformed id. */
  get(id: string): string {
    const row = SHARE_ID_RE.test(id) ? this.repo.get(id) : undefined
    if (!row) throw new ZeroLabError('NOT_FOUND', `no share ${id}`, id)
    return row.doc
  }
}
