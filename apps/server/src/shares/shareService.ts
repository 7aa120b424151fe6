import { ZeroLabError } from '@zerolab/shared'
import type { Principal } from '../auth/principal.ts'
import type { Db } from '../db/openDb.ts'
import { SharesRepo } from '../db/sharesRepo.ts'
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
    private readonly maxBytes: number,
    private readonly now: () => number = Date.now,
  ) {
    this.repo = new SharesRepo(db)
  }

  create(doc: unknown, owner: Principal | null): CreatedShare {
    if (typeof doc !== 'object' || doc === null)
      throw new ZeroLabError(
        'INVALID_REQUEST',
        '$: a share holds a job (an array or an object)',
        '$',
      )
    const text = canonicalJson(doc)
    const size = Buffer.byteLength(text)
    if (size > this.maxBytes)
      throw new ZeroLabError('PAYLOAD_TOO_LARGE', `a share is at most ${this.maxBytes} bytes`)
    const id = shareId(doc)
    const { row, created } = this.repo.putIfAbsent({
      id,
      doc: text,
      size,
      account: owner?.account ?? null,
      created_ms: this.now(),
    })
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
