import { ZeroLabError } from '@zerolab/shared'
import type { Principal } from '../auth/principal.ts'
import type { ContainerRow } from '../db/containersRepo.ts'
import type { ObjectService } from './objectService.ts'
import type { Meta } from './types.ts'

/** Account quotas: Swift's account_quotas header, plus objects and concurrent jobs. */
export const ACCOUNT_QUOTA = {
  bytes: 'x-account-meta-quota-bytes',
  objects: 'x-account-meta-quota-count',
  jobs: 'x-account-meta-quota-jobs',
} as const

/** Container quotas (Swift's container_quotas), set by whoever may POST the container. */
const CONTAINER_QUOTA = {
  bytes: 'x-container-meta-quota-bytes',
  objects: 'x-container-meta-quota-count',
}

export interface AccountQuotas {
  bytes: number | null
  objects: number | null
  jobs: number | null
}

const num = (v: string | undefined): number | null =>
  v !== undefined && /^\d+$/.test(v) ? Number(v) : null

const exceeded = (): ZeroLabError => new ZeroLabError('PAYLOAD_TOO_LARGE', 'Upload exceeds quota.')

/**
 * Quotas per account (bytes, objects, concurrent jobs; set by a reseller admin with
 * `X-Account-Meta-Quota-*`, defaults from the server config) and per container
 * (`X-Container-Meta-Quota-Bytes/-Count`). A write over a quota is 413, as in Swift.
 */
export class Quotas {
  constructor(private readonly svc: ObjectService) {}

  /** The account's quotas: its own `X-Account-Meta-Quota-*`, else the server defaults. */
  forAccount(account: string): AccountQuotas {
    const row = this.svc.accounts.get(account)
    const meta = row ? (JSON.parse(row.meta) as Meta) : {}
    const d = this.svc.limits.accountQuota
    return {
      bytes: num(meta[ACCOUNT_QUOTA.bytes]) ?? d?.bytes ?? null,
      objects: num(meta[ACCOUNT_QUOTA.objects]) ?? d?.objects ?? null,
      jobs: num(meta[ACCOUNT_QUOTA.jobs]) ?? d?.jobs ?? null,
    }
  }

  /** Only a reseller admin sets or removes account quotas (account_quotas: 403 otherwise). */
  checkAccountUpdate(who: Principal | null, meta: Meta): void {
    for (const k of Object.values(ACCOUNT_QUOTA)) {
      if (!(k in meta)) continue
      if (!who?.resellerAdmin) throw new ZeroLabError('FORBIDDEN', 'Forbidden', k)
      const v = meta[k]!
      if (v !== '' && !/^\d+$/.test(v))
        throw new ZeroLabError('INVALID_HEADER', `Invalid ${k.slice(15)} quota`, k)
    }
  }

  /** Container quota values must be non-negative integers. */
  static checkContainerMeta(meta: Meta): void {
    for (const k of Object.values(CONTAINER_QUOTA)) {
      const v = meta[k]
      if (v !== undefined && v !== '' && !/^\d+$/.test(v))
        throw new ZeroLabError(
          'INVALID_HEADER',
          `Invalid ${k.endsWith('bytes') ? 'bytes' : 'count'} quota.`,
          k,
        )
    }
  }

  /** Before and at commit of a write of `size` bytes into `c`. */
  checkPut(c: ContainerRow, size: number): void {
    const meta = JSON.parse(c.meta) as Meta
    const cs = this.svc.containers.stats(c.id)
    const cb = num(meta[CONTAINER_QUOTA.bytes])
    if (cb !== null && cs.bytes + size > cb) throw exceeded()
    const cc = num(meta[CONTAINER_QUOTA.objects])
    if (cc !== null && cs.count + 1 > cc) throw exceeded()
    const q = this.forAccount(c.account)
    if (q.bytes === null && q.objects === null) return
    const s = this.svc.accounts.stats(c.account)
    if (q.bytes !== null && s.bytes + size > q.bytes) throw exceeded()
    if (q.objects !== null && s.objects + 1 > q.objects) throw exceeded()
  }
}
