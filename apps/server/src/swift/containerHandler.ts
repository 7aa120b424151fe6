import { ZeroLabError } from '@zerolab/shared'
import type { Context } from 'hono'
import type { AppDeps } from '../appDeps.ts'
import type { Principal } from '../auth/principal.ts'
import { isOwner, validateAcl } from '../storage/acl.ts'
import type { ContainerInfo, ContainerUpdate } from '../storage/types.ts'
import {
  intParam,
  isoMicros,
  listingFormat,
  metaFromHeaders,
  setMeta,
  xmlEscape,
} from './swiftHeaders.ts'

function update(c: Context, deps: AppDeps): ContainerUpdate {
  const h = c.req.raw.headers
  const acl = (name: string, write: boolean): string | undefined => {
    if (h.has(`x-remove-container-${name}`)) return ''
    const v = h.get(`x-container-${name}`)
    return v === null ? undefined : validateAcl(v, `X-Container-${name}`, write)
  }
  return {
    meta: metaFromHeaders(h, 'container', deps.config.limits),
    readAcl: acl('read', false),
    writeAcl: acl('write', true),
  }
}

function containerHeaders(info: ContainerInfo, owner: boolean): Headers {
  const h = new Headers({
    'X-Container-Object-Count': String(info.objectCount),
    'X-Container-Bytes-Used': String(info.bytesUsed),
    'X-Timestamp': info.timestamp,
    'X-Storage-Policy': 'Policy-0',
    'Accept-Ranges': 'bytes',
  })
  // ACLs are shown to the owner only, as in Swift.
  if (owner) {
    if (info.readAcl) h.set('X-Container-Read', info.readAcl)
    if (info.writeAcl) h.set('X-Container-Write', info.writeAcl)
  }
  setMeta(h, info.meta)
  return h
}

export function containerHandler(
  c: Context,
  deps: AppDeps,
  who: Principal | null,
  path: { account: string; container: string },
): Response {
  const { account, container } = path
  const owner = isOwner(who, account)
  switch (c.req.method) {
    case 'PUT': {
      const created = deps.store.putContainer(who, account, container, update(c, deps))
      return new Response(null, {
        status: created ? 201 : 202,
        headers: { 'Content-Type': 'text/html; charset=UTF-8' },
      })
    }
    case 'POST':
      deps.store.postContainer(who, account, container, update(c, deps))
      return new Response(null, { status: 204 })
    case 'DELETE':
      deps.store.deleteContainer(who, account, container)
      return new Response(null, { status: 204 })
    case 'HEAD': {
      const h = containerHeaders(deps.store.headContainer(who, account, container), owner)
      h.set('Content-Type', 'text/plain; charset=utf-8')
      return new Response(null, { status: 204, headers: h })
    }
    case 'GET':
      break
    default:
      throw new ZeroLabError('METHOD_NOT_ALLOWED', `${c.req.method} is not allowed on a container`)
  }
  const { info, entries } = deps.store.listContainer(who, account, container, {
    prefix: c.req.query('prefix'),
    delimiter: c.req.query('delimiter'),
    marker: c.req.query('marker'),
    endMarker: c.req.query('end_marker'),
    limit: intParam(c.req.query('limit'), 'limit'),
  })
  const h = containerHeaders(info, owner)
  const fmt = listingFormat(c.req.query('format'), c.req.header('accept'))
  if (fmt === 'json') {
    h.set('Content-Type', 'application/json; charset=utf-8')
    const body = entries.map((e) =>
      e.kind === 'subdir'
        ? { subdir: e.subdir }
        : {
            hash: e.etag,
            last_modified: isoMicros(e.lastModifiedMs),
            bytes: e.size,
            name: e.name,
            content_type: e.contentType,
          },
    )
    return new Response(JSON.stringify(body), { status: 200, headers: h })
  }
  if (fmt === 'xml') {
    h.set('Content-Type', 'application/xml; charset=utf-8')
    const items = entries.map((e) =>
      e.kind === 'subdir'
        ? `<subdir name="${xmlEscape(e.subdir)}"><name>${xmlEscape(e.subdir)}</name></subdir>`
        : `<object><name>${xmlEscape(e.name)}</name><hash>${e.etag}</hash><bytes>${e.size}</bytes><content_type>${xmlEscape(e.contentType)}</content_type><last_modified>${isoMicros(e.lastModifiedMs)}</last_modified></object>`,
    )
    const xml = `<?xml version="1.0" encoding="UTF-8"?>\n<container name="${xmlEscape(container)}">${items.join('')}</container>`
    return new Response(xml, { status: 200, headers: h })
  }
  h.set('Content-Type', 'text/plain; charset=utf-8')
  if (entries.length === 0) return new Response(null, { status: 204, headers: h })
  const text = entries.map((e) => (e.kind === 'subdir' ? e.subdir : e.name)).join('\n') + '\n'
  return new Response(text, { status: 200, headers: h })
}
