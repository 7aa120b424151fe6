import type { ContainerEntry, ObjectEntry } from '../storage/types.ts'
import { isoMicros, xmlEscape } from './swiftHeaders.ts'

export type ListingFormat = 'json' | 'xml' | 'plain'

export const LISTING_TYPES: Record<ListingFormat, string> = {
  json: 'application/json; charset=utf-8',
  xml: 'application/xml; charset=utf-8',
  plain: 'text/plain; charset=utf-8',
}

/** JSON with non-ASCII escaped, as Swift's `json.dumps(...).encode('ascii')`. */
const asciiJson = (v: unknown): string =>
  JSON.stringify(v).replace(
    /[\u007f-\uffff]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  )

const XML_HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n'

/** An account listing in Swift's listing_formats shapes. */
export function accountListing(
  account: string,
  entries: ContainerEntry[],
  fmt: ListingFormat,
): string {
  if (fmt === 'json') {
    return asciiJson(
      entries.map((e) =>
        e.kind === 'subdir'
          ? { subdir: e.subdir }
          : {
              name: e.name,
              count: e.count,
              bytes: e.bytes,
              last_modified: isoMicros(e.lastModifiedMs),
            },
      ),
    )
  }
  if (fmt === 'xml') {
    const items = entries.map((e) =>
      e.kind === 'subdir'
        ? `<subdir name="${xmlEscape(e.subdir)}" />\n`
        : `<container><name>${xmlEscape(e.name)}</name><count>${e.count}</count><bytes>${e.bytes}</bytes><last_modified>${isoMicros(e.lastModifiedMs)}</last_modified></container>\n`,
    )
    return `${XML_HEAD}<account name="${xmlEscape(account)}">\n${items.join('')}</account>`
  }
  return entries.map((e) => `${e.kind === 'subdir' ? e.subdir : e.name}\n`).join('')
}

/** A container listing; SLO manifests carry `slo_etag` as Swift's slo middleware adds it. */
export function containerListing(
  container: string,
  entries: ObjectEntry[],
  fmt: ListingFormat,
): string {
  if (fmt === 'json') {
    return asciiJson(
      entries.map((e) => {
        if (e.kind === 'subdir') return { subdir: e.subdir }
        const o: Record<string, unknown> = {
          hash: e.etag,
          last_modified: isoMicros(e.lastModifiedMs),
          bytes: e.size,
          name: e.name,
          content_type: e.contentType,
        }
        if (e.sloEtag) o.slo_etag = e.sloEtag
        if (e.symlinkPath) o.symlink_path = e.symlinkPath
        if (e.symlinkEtag) o.symlink_etag = e.symlinkEtag
        if (e.symlinkBytes !== undefined) o.symlink_bytes = e.symlinkBytes
        return o
      }),
    )
  }
  if (fmt === 'xml') {
    const items = entries.map((e) =>
      e.kind === 'subdir'
        ? `<subdir name="${xmlEscape(e.subdir)}"><name>${xmlEscape(e.subdir)}</name></subdir>`
        : `<object><name>${xmlEscape(e.name)}</name><hash>${e.etag}</hash><bytes>${e.size}</bytes><content_type>${xmlEscape(e.contentType)}</content_type><last_modified>${isoMicros(e.lastModifiedMs)}</last_modified></object>`,
    )
    return `${XML_HEAD}<container name="${xmlEscape(container)}">${items.join('')}</container>`
  }
  return entries.map((e) => `${e.kind === 'subdir' ? e.subdir : e.name}\n`).join('')
}
