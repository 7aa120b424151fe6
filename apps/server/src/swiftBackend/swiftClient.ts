import { ZeroLabError, statusToCode, type ErrorCode } from '@zerolab/shared'
import type { ObjectInfo } from '@zerolab/runtime'
import type { IncomingHttpHeaders } from 'node:http'
import type { Readable } from 'node:stream'
import { drain, header, httpRequest, readText, type HttpResponse } from './httpClient.ts'

const META = 'x-object-meta-'

/** `/v1/<account>/<container>/<object>` with each part percent-encoded (`/` kept in names). */
export function swiftPath(account: string, container?: string, object?: string): string {
  let p = `/v1/${encodeURIComponent(account)}`
  if (container !== undefined) p += `/${encodeURIComponent(container)}`
  if (object !== undefined) p += `/${encodeURIComponent(object).replace(/%2F/g, '/')}`
  return p
}

/** An object's info from the headers of a HEAD or GET. */
export function infoFromHeaders(name: string, h: IncomingHttpHeaders): ObjectInfo {
  const meta: Record<string, string> = {}
  for (const [k, v] of Object.entries(h))
    if (k.startsWith(META) && v !== undefined) meta[k.slice(META.length)] = String(v)
  const lm = header(h, 'last-modified')
  const range = header(h, 'content-range')?.match(/\/(\d+)$/)
  return {
    name,
    bytes: Number(range ? range[1] : (header(h, 'content-length') ?? 0)),
    etag: (header(h, 'etag') ?? '').replace(/"/g, ''),
    contentType: header(h, 'content-type') ?? 'application/octet-stream',
    lastModified: lm ? Date.parse(lm) : 0,
    meta,
  }
}

interface ListingEntry {
  name?: string
  subdir?: string
  bytes: number
  hash: string
  content_type: string
  last_modified: string
}

/** Our code for a Swift status: as ours (statusToCode), except that Swift's 422 is an ETag
 * mismatch and its other 5xx mean the cluster is unavailable. */
function swiftCode(status: number): ErrorCode {
  if (status === 422) return 'ETAG_MISMATCH'
  if (status >= 500 && status !== 504) return 'UNAVAILABLE'
  return statusToCode(status)
}

/** A Swift error status as our error, with Swift's own text. */
export async function swiftError(res: HttpResponse, what: string): Promise<ZeroLabError> {
  let text = ''
  try {
    text = (await readText(res, 4096)).trim()
  } catch {
    // too long or cut: the status says enough
  }
  return new ZeroLabError(
    swiftCode(res.status),
    `${what}: Swift answered ${res.status}${text ? ` ${text.slice(0, 200)}` : ''}`,
    what,
  )
}

export interface Endpoints {
  /** Object-server URLs of every replica (`http://ip:port/<dev>/<part>/<a>/<c>/<o>`). */
  urls: string[]
  /** Headers to send with a request to them (X-Backend-Storage-Policy-Index). */
  headers: Record<string, string>
}

/**
 * Swift's REST API through its proxy, as one caller (the token). Every call is a plain Swift
 * request, so Swift's own auth and ACLs decide; only `endpoints` (list_endpoints, meant for
 * services inside the cluster) is unauthenticated.
 */
export class SwiftClient {
  readonly proxy: URL

  constructor(
    proxyUrl: string,
    readonly token: string | undefined,
  ) {
    this.proxy = new URL(proxyUrl)
  }

  /** tempauth's `GET /auth/v1.0`: a client holding the user's token. */
  static async login(proxyUrl: string, user: string, key: string): Promise<SwiftClient> {
    const res = await httpRequest(new URL('/auth/v1.0', proxyUrl), {
      method: 'GET',
      headers: { 'x-auth-user': user, 'x-auth-key': key },
    })
    if (res.status !== 200) throw await swiftError(res, `log in as ${user}`)
    await drain(res)
    const token = header(res.headers, 'x-auth-token')
    if (!token) throw new ZeroLabError('UNAUTHORIZED', `log in as ${user}: no token in the answer`)
    return new SwiftClient(proxyUrl, token)
  }

  withToken(token: string | undefined): SwiftClient {
    return new SwiftClient(this.proxy.href, token)
  }

  private headers(
    extra: Record<string, string | undefined> = {},
  ): Record<string, string | undefined> {
    return { 'x-auth-token': this.token, ...extra }
  }

  request(
    method: string,
    path: string,
    o: {
      headers?: Record<string, string | undefined>
      body?: Uint8Array | Readable
      signal?: AbortSignal
    } = {},
  ): Promise<HttpResponse> {
    return httpRequest(new URL(path, this.proxy), {
      method,
      headers: this.headers(o.headers),
      ...(o.body ? { body: o.body } : {}),
      ...(o.signal ? { signal: o.signal } : {}),
    })
  }

  /** Where the replicas of an object live (the proxy's list_endpoints middleware). */
  async endpoints(account: string, container: string, object: string): Promise<Endpoints> {
    const path = `/endpoints/v2${swiftPath(account, container, object).slice('/v1'.length)}`
    const res = await httpRequest(new URL(path, this.proxy), { method: 'GET' })
    if (res.status !== 200)
      throw await swiftError(res, `list_endpoints ${account}/${container}/${object}`)
    const body = JSON.parse(await readText(res)) as {
      endpoints: string[]
      headers?: Record<string, string>
    }
    return { urls: body.endpoints, headers: body.headers ?? {} }
  }

  /** 2xx of a HEAD of the account: the token owns (or administers) it. */
  async canAdminister(account: string): Promise<boolean> {
    const res = await this.request('HEAD', swiftPath(account))
    await drain(res)
    return res.status >= 200 && res.status < 300
  }

  async listContainers(
    account: string,
    o: { prefix?: string; marker?: string; limit?: number } = {},
  ): Promise<string[]> {
    const rows = await this.listing(swiftPath(account), o)
    return rows.map((r) => r.name ?? r.subdir ?? '')
  }

  async listObjects(
    account: string,
    container: string,
    o: { prefix?: string; marker?: string; limit?: number } = {},
  ): Promise<ObjectInfo[] | undefined> {
    const rows = await this.listing(swiftPath(account, container), o)
    return rows
      .filter((r) => r.name !== undefined)
      .map((r) => ({
        name: r.name!,
        bytes: r.bytes,
        etag: r.hash,
        contentType: r.content_type,
        lastModified: Date.parse(`${r.last_modified}Z`),
        meta: {},
      }))
  }

  private async listing(
    path: string,
    o: { prefix?: string; marker?: string; limit?: number },
  ): Promise<ListingEntry[]> {
    const q = new URLSearchParams({ format: 'json' })
    if (o.prefix) q.set('prefix', o.prefix)
    if (o.marker) q.set('marker', o.marker)
    if (o.limit) q.set('limit', String(o.limit))
    const res = await this.request('GET', `${path}?${q}`)
    if (res.status === 404) {
      await drain(res)
      return []
    }
    if (res.status === 204) {
      await drain(res)
      return []
    }
    if (res.status !== 200) throw await swiftError(res, `listing ${path}`)
    return JSON.parse(await readText(res, 64 * 1024 * 1024)) as ListingEntry[]
  }

  async head(account: string, container: string, object: string): Promise<ObjectInfo | undefined> {
    const res = await this.request('HEAD', swiftPath(account, container, object))
    await drain(res)
    if (res.status === 404) return undefined
    if (res.status !== 200) throw await swiftError(res, `${account}/${container}/${object}`)
    return infoFromHeaders(object, res.headers)
  }

  async delete(account: string, container: string, object: string): Promise<boolean> {
    const res = await this.request('DELETE', swiftPath(account, container, object))
    await drain(res)
    if (res.status === 404) return false
    if (res.status >= 300) throw await swiftError(res, `${account}/${container}/${object}`)
    return true
  }
}
