import {
  ZeroLabError,
  createSseParser,
  errorFromResponse,
  type JobPage,
  type JobView,
  type SseMessage,
  type SubmittedJobView,
} from '@zerolab/shared'

export interface ClusterSession {
  /** Server base URL without a trailing slash, e.g. `http://127.0.0.1:8080`. */
  url: string
  account: string
  user: string
  token: string
  /** `X-Storage-Url`: the account's Swift URL. */
  storageUrl: string
  /**
   * Containers this user is known to reach, for when listing the account is not theirs (a
   * workshop student: a plain user, with a home container).
   */
  containers?: string[]
}

export type Fetch = (input: string, init?: RequestInit) => Promise<Response>

export interface SwiftContainer {
  name: string
  count: number
  bytes: number
}

export interface SwiftObject {
  name?: string
  subdir?: string
  bytes?: number
  hash?: string
  content_type?: string
  last_modified?: string
}

const trimSlash = (u: string): string => u.replace(/\/+$/, '')

/** Swift tempauth: GET /auth/v1.0 with `X-Auth-User: account:user` and `X-Auth-Key`. */
export async function signIn(
  o: { url: string; account: string; user: string; key: string },
  fetchImpl: Fetch = fetch,
): Promise<ClusterSession> {
  const url = trimSlash(o.url)
  const res = await fetchImpl(`${url}/auth/v1.0`, {
    headers: { 'X-Auth-User': `${o.account}:${o.user}`, 'X-Auth-Key': o.key },
  })
  if (!res.ok) throw await errorFromResponse(res, 'sign-in failed')
  const token = res.headers.get('x-auth-token') ?? res.headers.get('x-storage-token')
  if (!token) throw new ZeroLabError('UNAUTHORIZED', 'sign-in answered without a token')
  const storageUrl = res.headers.get('x-storage-url') ?? `${url}/v1/AUTH_${o.account}`
  return {
    url,
    account: o.account,
    user: o.user,
    token,
    storageUrl: sameOriginStorage(url, storageUrl),
  }
}

/** The server may announce its storage URL under another host name; keep the one we reached. */
function sameOriginStorage(base: string, storageUrl: string): string {
  try {
    const s = new URL(storageUrl, base)
    const b = new URL(base)
    return `${b.origin}${trimSlash(s.pathname)}`
  } catch {
    return storageUrl
  }
}

/** The server's JSON API and Swift listings for one signed-in session. */
export class ClusterClient {
  constructor(
    readonly session: ClusterSession,
    private readonly fetchImpl: Fetch = (i, init) => fetch(i, init),
  ) {}

  private async call(path: string, init: RequestInit = {}, what = path): Promise<Response> {
    const headers = new Headers(init.headers)
    headers.set('X-Auth-Token', this.session.token)
    const res = await this.fetchImpl(
      path.startsWith('http') ? path : `${this.session.url}${path}`,
      { ...init, headers },
    )
    if (!res.ok) throw await errorFromResponse(res, what)
    return res
  }

  async submit(job: unknown): Promise<SubmittedJobView> {
    const res = await this.call(
      '/api/jobs',
      {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(job),
      },
      'submit',
    )
    return (await res.json()) as SubmittedJobView
  }

  async job(id: string): Promise<JobView> {
    return (await (await this.call(`/api/jobs/${encodeURIComponent(id)}`)).json()) as JobView
  }

  async cancel(id: string): Promise<JobView> {
    const res = await this.call(
      `/api/jobs/${encodeURIComponent(id)}`,
      { method: 'DELETE' },
      'cancel',
    )
    return (await res.json()) as JobView
  }

  async history(limit = 20): Promise<JobView[]> {
    const res = await this.call(`/api/jobs?limit=${limit}`, {}, 'job history')
    return ((await res.json()) as JobPage).jobs
  }

  /**
   * Follows a job's SSE stream until the server closes it or `signal` aborts. Reconnects
   * with Last-Event-ID when the connection drops before a `done` event.
   */
  async follow(
    id: string,
    onMessage: (m: SseMessage) => void,
    signal?: AbortSignal,
  ): Promise<void> {
    let lastId: string | undefined
    let finished = false
    for (let attempt = 0; !finished && attempt < 5 && !signal?.aborted; attempt++) {
      const headers: Record<string, string> = { Accept: 'text/event-stream' }
      if (lastId !== undefined) headers['Last-Event-ID'] = lastId
      const init: RequestInit = { headers }
      if (signal) init.signal = signal
      const res = await this.call(`/api/jobs/${encodeURIComponent(id)}/events`, init, 'job events')
      const parser = createSseParser((m) => {
        if (m.id !== undefined) lastId = m.id
        if (m.event === 'done') finished = true
        onMessage(m)
      })
      const reader = res.body?.pipeThrough(new TextDecoderStream()).getReader()
      if (!reader) return
      try {
        for (;;) {
          const { value, done } = await reader.read()
          if (done) break
          parser.push(value)
        }
        parser.end()
      } catch (e) {
        if (signal?.aborted) return
        if (attempt === 4) throw e
      }
      if (!finished) await new Promise((r) => setTimeout(r, 300 * (attempt + 1)))
    }
  }

  async containers(): Promise<SwiftContainer[]> {
    const res = await this.call(`${this.session.storageUrl}?format=json`, {}, 'container listing')
    if (res.status === 204) return []
    return (await res.json()) as SwiftContainer[]
  }

  async objects(
    container: string,
    o: { prefix?: string; delimiter?: string; limit?: number } = {},
  ): Promise<SwiftObject[]> {
    const q = new URLSearchParams({ format: 'json' })
    if (o.prefix) q.set('prefix', o.prefix)
    if (o.delimiter) q.set('delimiter', o.delimiter)
    if (o.limit) q.set('limit', String(o.limit))
    const res = await this.call(
      `${this.session.storageUrl}/${encodeURIComponent(container)}?${q}`,
      {},
      'object listing',
    )
    if (res.status === 204) return []
    return (await res.json()) as SwiftObject[]
  }

  private objectUrl(container: string, object?: string): string {
    const c = `${this.session.storageUrl}/${encodeURIComponent(container)}`
    return object === undefined ? c : `${c}/${object.split('/').map(encodeURIComponent).join('/')}`
  }

  async createContainer(container: string): Promise<void> {
    await this.call(this.objectUrl(container), { method: 'PUT' }, `create ${container}`)
  }

  /** Deletes a container; Swift refuses one that still holds objects (409). */
  async deleteContainer(container: string): Promise<void> {
    await this.call(this.objectUrl(container), { method: 'DELETE' }, `delete ${container}`)
  }

  /** Who may read a container: its `X-Container-Read` ACL ('' when private). */
  async containerRead(container: string): Promise<string> {
    const res = await this.call(this.objectUrl(container), { method: 'HEAD' }, container)
    return res.headers.get('x-container-read') ?? ''
  }

  /** Sets `X-Container-Read` (`.r:*,.rlistings` public, `acct:user,…` shared, '' private). */
  async setContainerRead(container: string, acl: string): Promise<void> {
    const headers: Record<string, string> = acl
      ? { 'X-Container-Read': acl }
      : { 'X-Remove-Container-Read': 'x' }
    await this.call(this.objectUrl(container), { method: 'POST', headers }, `share ${container}`)
  }

  /** PUTs a file (streamed by the browser from the Blob). */
  async upload(container: string, name: string, body: Blob, contentType?: string): Promise<void> {
    await this.call(
      this.objectUrl(container, name),
      {
        method: 'PUT',
        body,
        headers: {
          'Content-Type': contentType || body.type || 'application/octet-stream',
          // Browsers set it themselves (and ignore this); other fetch implementations may not.
          'Content-Length': String(body.size),
        },
      },
      `upload ${name}`,
    )
  }

  async download(container: string, name: string): Promise<Blob> {
    const res = await this.call(this.objectUrl(container, name), {}, `download ${name}`)
    return res.blob()
  }

  async deleteObject(container: string, name: string): Promise<void> {
    await this.call(this.objectUrl(container, name), { method: 'DELETE' }, `delete ${name}`)
  }

  /** The first `maxBytes` of an object (a Range request). */
  async head(
    container: string,
    object: string,
    maxBytes = 4096,
  ): Promise<{ data: Uint8Array; total: number }> {
    const res = await this.call(
      this.objectUrl(container, object),
      { headers: { Range: `bytes=0-${maxBytes - 1}` } },
      'object',
    )
    const data = new Uint8Array(await res.arrayBuffer())
    const range = res.headers.get('content-range')
    const total = range ? Number(range.split('/')[1]) : data.byteLength
    return {
      data: data.subarray(0, maxBytes),
      total: Number.isFinite(total) ? total : data.byteLength,
    }
  }
}
