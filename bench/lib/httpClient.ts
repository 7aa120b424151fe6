import { Agent, request as httpRequest, type OutgoingHttpHeaders } from 'node:http'

export interface HttpAnswer {
  status: number
  headers: Record<string, string | string[] | undefined>
  /** The body's bytes (kept only with `keepBody`), and its length either way. */
  body: Buffer | undefined
  length: number
}

/**
 * A lean keep-alive HTTP/1.1 client for load generation: node:http with one pooled socket per
 * concurrent caller, bodies sent as one Buffer and read as chunks (not copied into one unless
 * asked). Node's fetch costs the bench process 7–9 ms of CPU per 1 MiB transfer on this
 * machine (web streams, per-chunk promises), more than the servers it measures, which caps
 * every server at the same rate and hides the difference between them; this one costs a
 * fraction of that. Both sides of a comparison use the same client.
 */
export class HttpClient {
  private readonly agent: Agent

  constructor(maxSockets: number) {
    this.agent = new Agent({ keepAlive: true, maxSockets, maxFreeSockets: maxSockets })
  }

  request(
    url: string,
    opts: {
      method?: string
      headers?: OutgoingHttpHeaders
      body?: Uint8Array | string
      keepBody?: boolean
    } = {},
  ): Promise<HttpAnswer> {
    return new Promise((ok, fail) => {
      const headers: OutgoingHttpHeaders = { ...opts.headers }
      if (opts.body !== undefined) headers['content-length'] = Buffer.byteLength(opts.body)
      const req = httpRequest(
        url,
        { method: opts.method ?? 'GET', headers, agent: this.agent },
        (res) => {
          const chunks: Buffer[] = []
          let length = 0
          res.on('data', (c: Buffer) => {
            length += c.length
            if (opts.keepBody) chunks.push(c)
          })
          res.on('end', () =>
            ok({
              status: res.statusCode ?? 0,
              headers: res.headers,
              body: opts.keepBody ? Buffer.concat(chunks, length) : undefined,
              length,
            }),
          )
          res.on('error', fail)
        },
      )
      req.on('error', fail)
      req.end(opts.body)
    })
  }

  close(): void {
    this.agent.destroy()
  }
}
