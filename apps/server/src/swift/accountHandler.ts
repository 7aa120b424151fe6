import { ZeroLabError } from '@zerolab/shared'
import type { Context } from 'hono'
import type { AppDeps } from '../appDeps.ts'
import type { Principal } from '../auth/principal.ts'
import type { AccountInfo } from '../storage/types.ts'
import {
  intParam,
  isoMicros,
  listingFormat,
  metaFromHeaders,
  setMeta,
  xmlEscape,
} from './swiftHeaders.ts'

function accountHeaders(info: AccountInfo): Headers {
  const h = new Headers({
    'X-Account-Container-Count': String(info.containerCount),
    'X-Account-Object-Count': String(info.objectCount),
    'X-Account-Bytes-Used': String(info.bytesUsed),
    'X-Timestamp': (info.createdMs / 1000).toFixed(5),
    'Accept-Ranges': 'bytes',
  })
  setMeta(h, info.meta)
  return h
}

export function accountHandler(
  c: Context,
  deps: AppDeps,
  who: Principal | null,
  account: string,
): Response {
  const m = c.req.method
  if (m === 'HEAD') {
    const h = accountHeaders(deps.store.headAccount(who, account))
    h.set('Content-Type', 'text/plain; charset=utf-8')
    return new Response(null, { status: 204, headers: h })
  }
  if (m === 'POST') {
    deps.store.postAccount(
      who,
      account,
      metaFromHeaders(c.req.raw.headers, 'account', deps.config.limits),
    )
    return new Response(null, { status: 204 })
  }
  if (m !== 'GET') throw new ZeroLabError('METHOD_NOT_ALLOWED', `${m} is not allowed on an account`)
  const { info, entries } = deps.store.listAccount(who, account, {
    prefix: c.req.query('prefix'),
    delimiter: c.req.query('delimiter'),
    marker: c.req.query('marker'),
    endMarker: c.req.query('end_marker'),
    limit: intParam(c.req.query('limit'), 'limit'),
  })
  const h = accountHeaders(info)
  const fmt = listingFormat(c.req.query('format'), c.req.header('accept'))
  if (fmt === 'json') {
    h.set('Content-Type', 'application/json; charset=utf-8')
    const body = entries.map((e) =>
      e.kind === 'subdir'
        ? { subdir: e.subdir }
        : {
            name: e.name,
            count: e.count,
            bytes: e.bytes,
            last_modified: isoMicros(e.lastModifiedMs),
          },
    )
    return new Response(JSON.stringify(body), { status: 200, headers: h })
  }
  if (fmt === 'xml') {
    h.set('Content-Type', 'application/xml; charset=utf-8')
    const items = entries.map((e) =>
      e.kind === 'subdir'
        ? `<subdir name="${xmlEscape(e.subdir)}"><name>${xmlEscape(e.subdir)}</name></subdir>`
        : `<container><name>${xmlEscape(e.name)}</name><count>${e.count}</count><bytes>${e.bytes}</bytes><last_modified>${isoMicros(e.lastModifiedMs)}</last_modified></container>`,
    )
    const xml = `<?xml version="1.0" encoding="UTF-8"?>\n<account name="${xmlEscape(account)}">${items.join('')}</account>`
    return new Response(xml, { status: 200, headers: h })
  }
  h.set('Content-Type', 'text/plain; charset=utf-8')
  if (entries.length === 0) return new Response(null, { status: 204, headers: h })
  const text = entries.map((e) => (e.kind === 'subdir' ? e.subdir : e.name)).join('\n') + '\n'
  return new Response(text, { status: 200, headers: h })
}
