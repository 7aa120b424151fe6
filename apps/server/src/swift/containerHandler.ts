import { ZeroLabError } from '@zerolab/shared'
import { cleanAcl } from '../storage/acl.ts'
import { Quotas } from '../storage/quotas.ts'
import type { ContainerInfo, ContainerUpdate } from '../storage/types.ts'
import { toWire } from './headerText.ts'
import { containerListing, LISTING_TYPES } from './listingBody.ts'
import { ownerOnlyHeader } from './ownerHeaders.ts'
import { listQuery, type SwiftRequest } from './swiftRequest.ts'
import { httpDate, listingFormat, metaFromHeaders, setMeta } from './swiftHeaders.ts'

/** The one storage policy, as /info advertises it. */
export const POLICY = 'Policy-0'

/** X-Versions-Location / X-History-Location (+ X-Remove-…) as versioned_writes reads them. */
function versionsUpdate(r: SwiftRequest): ContainerUpdate['versions'] {
  let stack = r.header('x-versions-location')
  let history = r.header('x-history-location')
  if (stack !== null && history !== null) {
    if (!history) history = null
    else if (stack) {
      throw new ZeroLabError(
        'INVALID_REQUEST',
        'Only one of X-Versions-Location or X-History-Location may be specified',
        'X-History-Location',
      )
    } else stack = null
  }
  const remove = ['x-remove-versions-location', 'x-remove-history-location'].some((n) =>
    r.header(n),
  )
  const val = stack ?? history
  if (val !== null && val !== '') {
    if (val.includes('/'))
      throw new ZeroLabError(
        'PRECONDITION_FAILED',
        'Container name cannot contain slashes',
        'X-Versions-Location',
      )
    return { location: val, mode: stack !== null ? 'stack' : 'history' }
  }
  if (val === '' || remove) return ''
  return undefined
}

function update(r: SwiftRequest): ContainerUpdate {
  const acl = (name: string, write: boolean): string | undefined => {
    if (r.headers.has(`x-remove-container-${name}`)) return ''
    const v = r.header(`x-container-${name}`)
    return v === null ? undefined : cleanAcl(v, `X-Container-${name}`, write)
  }
  const policy = r.header('x-storage-policy')
  if (policy && policy.toLowerCase() !== POLICY.toLowerCase()) {
    throw new ZeroLabError(
      'INVALID_REQUEST',
      `Invalid X-Storage-Policy '${policy}'`,
      'X-Storage-Policy',
    )
  }
  const meta = metaFromHeaders(r.headers, 'container', r.deps.config.limits)
  Quotas.checkContainerMeta(meta)
  // Container sync settings are kept and shown to owners (no sync daemon runs here).
  for (const k of ['x-container-sync-key', 'x-container-sync-to']) {
    const v = r.header(k)
    if (v !== null) meta[k] = v
  }
  return {
    meta,
    readAcl: acl('read', false),
    writeAcl: acl('write', true),
    versions: versionsUpdate(r),
  }
}

function containerHeaders(info: ContainerInfo): Headers {
  const h = new Headers({
    'X-Container-Object-Count': String(info.objectCount),
    'X-Container-Bytes-Used': String(info.bytesUsed),
    'X-Timestamp': info.timestamp,
    'X-Put-Timestamp': (info.modifiedMs / 1000).toFixed(5),
    'Last-Modified': httpDate(info.modifiedMs),
    'X-Storage-Policy': POLICY,
    'Accept-Ranges': 'bytes',
    Vary: 'Accept',
  })
  // ACLs and keys are shown to owners only, as in Swift.
  if (info.owner) {
    if (info.readAcl) h.set('X-Container-Read', toWire(info.readAcl))
    if (info.writeAcl) h.set('X-Container-Write', toWire(info.writeAcl))
  }
  if (info.versions) {
    h.set(
      info.versionsMode === 'history' ? 'X-History-Location' : 'X-Versions-Location',
      toWire(info.versions),
    )
  }
  setMeta(h, info.meta, (k) => !info.owner && ownerOnlyHeader(k))
  return h
}

const EMPTY_HTML = { 'Content-Type': 'text/html; charset=UTF-8', 'Content-Length': '0' }

/** Container PUT, POST, DELETE, HEAD and GET (listing). */
export function containerHandler(r: SwiftRequest): Response {
  const { deps, who, account } = r
  const name = r.container!
  const opts = { referer: r.referer }
  switch (r.method) {
    case 'PUT': {
      const created = deps.store.putContainer(who, account, name, update(r))
      return new Response(null, { status: created ? 201 : 202, headers: EMPTY_HTML })
    }
    case 'POST':
      deps.store.postContainer(who, account, name, update(r))
      return new Response(null, { status: 204, headers: EMPTY_HTML })
    case 'DELETE':
      deps.store.deleteContainer(who, account, name)
      return new Response(null, { status: 204, headers: EMPTY_HTML })
    case 'HEAD': {
      const h = containerHeaders(deps.store.headContainer(who, account, name, opts))
      h.set('Content-Type', LISTING_TYPES[listingFormat(r.query.get('format'), r.header('accept'))])
      return new Response(null, { status: 204, headers: h })
    }
    case 'GET':
      break
    default:
      throw new ZeroLabError('METHOD_NOT_ALLOWED', `${r.method} is not allowed on a container`)
  }
  const { info, entries } = deps.store.listContainer(who, account, name, {
    ...listQuery(r),
    ...opts,
  })
  const h = containerHeaders(info)
  const fmt = listingFormat(r.query.get('format'), r.header('accept'))
  h.set('Content-Type', LISTING_TYPES[fmt])
  const body = containerListing(name, entries, fmt)
  if (!body) return new Response(null, { status: 204, headers: h })
  // Bytes, not text: a text body would make Node send the head as UTF-8 (see wireResponse.ts).
  return new Response(new TextEncoder().encode(body), { status: 200, headers: h })
}
