import type { AppDeps } from '../appDeps.ts'
import { BULK_LIMITS } from './bulkDelete.ts'
import { POLICY } from './containerHandler.ts'
import { MAX_META_NAME } from './swiftHeaders.ts'
import { SLO_LIMITS } from '../storage/largeObjects.ts'
import { MAX_META_OVERALL } from '../storage/metaLimits.ts'
import { TEMPURL_INFO } from './tempUrl.ts'

/** `GET /info`: Swift's capabilities document, listing every feature this server has. */
export function swiftInfo(deps: AppDeps): Record<string, unknown> {
  const l = deps.config.limits
  return {
    swift: {
      version: 'zerolab',
      max_file_size: l.maxObjectSize,
      max_object_name_length: l.maxObjectNameBytes,
      max_container_name_length: l.maxContainerNameBytes,
      max_account_name_length: 256,
      container_listing_limit: l.maxListing,
      account_listing_limit: l.maxListing,
      max_meta_count: l.maxMetaCount,
      max_meta_value_length: l.maxMetaValueBytes,
      max_meta_name_length: MAX_META_NAME,
      max_meta_overall_size: MAX_META_OVERALL,
      max_header_size: 8192,
      extra_header_count: 0,
      valid_api_versions: ['v1', 'v1.0'],
      policies: [{ name: POLICY, aliases: POLICY, default: true }],
      strict_cors_mode: true,
      allow_account_management: false,
      account_autocreate: true,
    },
    tempauth: { account_acls: true },
    slo: {
      max_manifest_segments: SLO_LIMITS.maxManifestSegments,
      max_manifest_size: SLO_LIMITS.maxManifestSize,
      min_segment_size: SLO_LIMITS.minSegmentSize,
      yield_frequency: 10,
      allow_async_delete: false,
    },
    dlo: { max_segments: 10000 },
    tempurl: TEMPURL_INFO,
    bulk_delete: {
      max_deletes_per_request: BULK_LIMITS.maxDeletes,
      max_failed_deletes: BULK_LIMITS.maxFailedDeletes,
    },
    symlink: { symloop_max: 2, static_links: true },
    versioned_writes: { allowed_flags: ['x-versions-location', 'x-history-location'] },
    account_quotas: {},
    container_quotas: {},
    zerolab: {
      account_users: true,
      workshop_api: '/api/account',
      expiring_objects: { reap_interval_s: 5 },
    },
    zerocloud: { execute: '1.0' },
  }
}
