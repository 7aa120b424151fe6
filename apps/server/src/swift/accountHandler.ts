import { ZeroLabError } from '@zerolab/shared'
import { cleanAccountAcl } from '../storage/accountAcl.ts'
import type { AccountInfo } from '../storage/types.ts'
import { accountListing, LISTING_TYPES } from './listingBody.ts'
import { ownerOnlyHeader } from './ownerHeaders.ts'
import { listQuery, type SwiftRequest } from './swiftRequest.ts'
import { listingFormat, metaFromHeaders, setMeta } from './swiftHeaders.ts'

function accountHeaders(info: AccountInfo): Headers {
  const h = new Headers({
    'X-Account-Container-Count': String(info.containerCount),
    'X-Account-Object-Count': String(info.objectCount),
    'X-Account-Bytes-Used': String(info.bytesUsed),
    'X-Timestamp': (info.createdMs / 1000).toFixed(5),
    'X-Put-Timestamp': (info.createdMs / 1000).toFixed(5),
    'X-Account-Storage-Policy-Policy-0-Container-Count': String(info.containerCount),
    'X-Account-Storage-Policy-Policy-0-Object-Count': String(info.objectCount),
    'X-Account-Storage-Policy-Policy-0-Bytes-Used': String(info.bytesUsed),
    'Accept-Ranges': 'bytes',
    Vary: 'Accept',
  })
  // Keys and ACLs are for owners only (Swift's swift_owner_headers).
  setMeta(h, info.meta, (k) => !info.owner && ownerOnlyHeader(k))
  if (info.owner && info.acl) h.set('X-Account-Access-Control', info.acl)
  return h
}

/** Account HEAD, GET (listing), POST (metadata, X-Account-Access-Control). */
export function accountHandler(r: SwiftRequest): Response {
  const { deps, who, account } = r
  const opts = { referer: r.referer }
  switch (r.method) {
    case 'HEAD': {
      const h = accountHeaders(deps.store.headAccount(who, account, opts))
      h.set('Content-Type', LISTING_TYPES[listingFormat(r.query.get('format'), r.header('accept'))])
      return new Response(null, { status: 204, headers: h })
    }
    case 'POST': {
      const aclText = r.header('x-account-access-control')
      // tempauth checks the syntax before anything else: 400 even for callers without rights.
      const acl = aclText === null ? undefined : cleanAccountAcl(aclText)
      const meta = metaFromHeaders(r.headers, 'account', deps.config.limits)
      deps.store.postAccount(who, account, { meta, acl })
      return new Response(null, { status: 204 })
    }
    case 'GET':
      break
    case 'PUT':
    case 'DELETE':
      if (!who?.resellerAdmin) {
        throw who
          ? new ZeroLabError('FORBIDDEN', 'Forbidden')
          : new ZeroLabError('UNAUTHORIZED', 'Unauthorized')
      }
      throw new ZeroLabError('METHOD_NOT_ALLOWED', `${r.method} is not allowed on an account`)
    default:
      throw new ZeroLabError('METHOD_NOT_ALLOWED', `${r.method} is not allowed on an account`)
  }
  const { info, entries } = deps.store.listAccount(who, account, listQuery(r), opts)
  const h = accountHeaders(info)
  const fmt = listingFormat(r.query.get('format'), r.header('accept'))
  h.set('Content-Type', LISTING_TYPES[fmt])
  const body = accountListing(account, entries, fmt)
  if (!body) return new Response(null, { status: 204, headers: h })
  // Bytes, not text: a text body would make Node send the head as UTF-8 (see wireResponse.ts).
  return new Response(new TextEncoder().encode(body), { status: 200, headers: h })
}
