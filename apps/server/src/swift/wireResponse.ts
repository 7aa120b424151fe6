import type { Duplex } from 'node:stream'
import {
  ServerResponse,
  type IncomingMessage,
  type Server,
  type OutgoingHttpHeader,
  type OutgoingHttpHeaders,
} from 'node:http'

type HeaderArg = OutgoingHttpHeaders | OutgoingHttpHeader[]

/** `x-object-meta-color` → `X-Object-Meta-Color`, `etag` → `Etag`: swob's header casing. */
const title = (name: string): string =>
  name.replace(/(^|-)([a-z])/g, (_m, d: string, ch: string) => d + ch.toUpperCase())

function rename(h: HeaderArg | undefined): HeaderArg | undefined {
  if (!h || Array.isArray(h)) return h
  const out: OutgoingHttpHeaders = {}
  for (const [k, v] of Object.entries(h)) out[title(k)] = v
  return out
}

/**
 * A ServerResponse that writes header names title-cased as a Swift proxy does, and no
 * `Connection` header unless the client sent one. Web `Headers`
 * lower-case every name; most clients do not care, some compare names as sent.
 */
export class TitleCaseResponse<
  R extends IncomingMessage = IncomingMessage,
> extends ServerResponse<R> {
  override writeHead(statusCode: number, statusMessage?: string, headers?: HeaderArg): this
  override writeHead(statusCode: number, headers?: HeaderArg): this
  override writeHead(statusCode: number, a?: string | HeaderArg, b?: HeaderArg): this {
    // HTTP/1.1 keeps connections alive anyway; like Swift, say so only when asked.
    if (!this.req.headers.connection && !this.hasHeader('connection'))
      this.removeHeader('connection')
    if (typeof a === 'string') return super.writeHead(statusCode, a, rename(b))
    return super.writeHead(statusCode, rename(a))
  }

  /**
   * Node's own flushHeaders sends the head as UTF-8 text, which re-encodes the Latin-1
   * characters that carry UTF-8 header values byte for byte; send it as Latin-1, as a first
   * body write does.
   */
  override flushHeaders(): void {
    const self = this as unknown as {
      _header: string | null
      _implicitHeader(): void
      _send(data: string, encoding: string): boolean
    }
    if (!self._header) self._implicitHeader()
    self._send('', 'latin1')
  }
}

/**
 * A malformed request (or garbage after one, such as a body sent without a length) makes
 * Node answer 400 at once, even while the previous request on that connection is still being
 * answered. As an eventlet-based Swift does, answer the pending request first, then close.
 */
export function answerBeforeClientErrors(server: Server): void {
  server.on('clientError', (err: NodeJS.ErrnoException, socket: Duplex) => {
    const pending = (socket as Duplex & { _httpMessage?: ServerResponse })._httpMessage
    if (pending && !pending.writableFinished) {
      pending.once('finish', () => socket.end())
      pending.once('close', () => socket.destroy())
      return
    }
    if (!socket.writable || err.code === 'ECONNRESET') return void socket.destroy()
    socket.end(clientErrorAnswer(err.code))
  })
}

const METHOD_NOT_ALLOWED =
  '<html><h1>Method Not Allowed</h1><p>The method is not allowed for this resource.</p></html>'

/**
 * What a request Node's parser refused gets: a method it does not know (`LICK` in Swift's
 * functional tests) is Swift's 405 with its body, an oversized head 431, anything else 400.
 */
function clientErrorAnswer(code: string | undefined): string {
  const close = 'Connection: close\r\n'
  if (code === 'HPE_INVALID_METHOD')
    return (
      `HTTP/1.1 405 Method Not Allowed\r\n` +
      `Content-Type: text/html; charset=UTF-8\r\nContent-Length: ${METHOD_NOT_ALLOWED.length}\r\n` +
      `${close}\r\n${METHOD_NOT_ALLOWED}`
    )
  if (code === 'HPE_HEADER_OVERFLOW')
    return `HTTP/1.1 431 Request Header Fields Too Large\r\nContent-Length: 0\r\n${close}\r\n`
  return `HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n${close}\r\n`
}
