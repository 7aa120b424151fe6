import { join, resolve } from 'node:path'

export interface ServerLimits {
  /** Largest object body accepted by PUT (bytes); larger → 413. */
  maxObjectSize: number
  /** Largest non-object request body (JSON jobs, metadata POSTs) in bytes. */
  maxRequestBytes: number
  /** Longest object name in UTF-8 bytes (Swift: 1024). */
  maxObjectNameBytes: number
  /** Longest container name in UTF-8 bytes (Swift: 256). */
  maxContainerNameBytes: number
  /** Largest listing page (Swift: 10000). */
  maxListing: number
  maxMetaCount: number
  maxMetaValueBytes: number
  /** Default quotas of every account (a reseller admin may set others); null = none. */
  accountQuota?: { bytes: number | null; objects: number | null; jobs: number | null }
}

export interface ServerConfig {
  dataDir: string
  /** Public origin used in X-Storage-Url; when unset, the address the server is bound to. */
  baseUrl: string | undefined
  /** Token lifetime in seconds (tempauth default: 86400). */
  tokenTtlSec: number
  /** Directory of the built web app; served at `/` when it holds an index.html. */
  webDist: string | undefined
  /**
   * Origins allowed for every container (Swift's proxy `cors_allow_origin`); '*' = any. The
   * playground may be served from another origin, so the default is ['*'].
   */
  corsAllowOrigin: string[]
  limits: ServerLimits
}

export const DEFAULT_LIMITS: ServerLimits = {
  maxObjectSize: 5 * 1024 * 1024 * 1024,
  maxRequestBytes: 1024 * 1024,
  maxObjectNameBytes: 1024,
  maxContainerNameBytes: 256,
  maxListing: 10000,
  maxMetaCount: 90,
  maxMetaValueBytes: 256,
}

export function makeConfig(
  over: Partial<Omit<ServerConfig, 'limits'>> & { limits?: Partial<ServerLimits> } = {},
): ServerConfig {
  return {
    dataDir: resolve(over.dataDir ?? './.data'),
    baseUrl: over.baseUrl,
    tokenTtlSec: over.tokenTtlSec ?? 86400,
    webDist: over.webDist,
    corsAllowOrigin: over.corsAllowOrigin ?? ['*'],
    limits: { ...DEFAULT_LIMITS, ...over.limits },
  }
}

export const dbFile = (c: ServerConfig): string => join(c.dataDir, 'zerolab.db')
