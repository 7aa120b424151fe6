export interface SseMessage {
  event: string
  data: string
  /** The last event id seen on the stream (what to send as Last-Event-ID). */
  id: string | undefined
}

/**
 * An incremental text/event-stream parser (the WHATWG rules: `event:`, `data:` joined by
 * newlines, `id:`, comments, CR/LF/CRLF line ends). Clients read SSE with fetch instead of
 * EventSource because EventSource cannot send the X-Auth-Token header.
 */
export function createSseParser(onMessage: (m: SseMessage) => void): {
  push(chunk: string): void
  end(): void
} {
  let buffer = ''
  let event = ''
  let data: string[] = []
  let id: string | undefined
  let lastId: string | undefined

  const dispatch = (): void => {
    if (data.length > 0) {
      if (id !== undefined) lastId = id
      onMessage({ event: event || 'message', data: data.join('\n'), id: lastId })
    }
    event = ''
    data = []
    id = undefined
  }

  const line = (l: string): void => {
    if (l === '') return dispatch()
    if (l.startsWith(':')) return
    const colon = l.indexOf(':')
    const field = colon < 0 ? l : l.slice(0, colon)
    let value = colon < 0 ? '' : l.slice(colon + 1)
    if (value.startsWith(' ')) value = value.slice(1)
    if (field === 'event') event = value
    else if (field === 'data') data.push(value)
    else if (field === 'id' && !value.includes('\0')) id = value
  }

  return {
    push(chunk: string) {
      buffer += chunk
      for (;;) {
        const m = /\r\n|\r|\n/.exec(buffer)
        if (m === null) break
        // A lone CR at the very end may be the first half of a CRLF: wait for more.
        if (m[0] === '\r' && m.index === buffer.length - 1) break
        line(buffer.slice(0, m.index))
        buffer = buffer.slice(m.index + m[0].length)
      }
    },
    end() {
      if (buffer !== '') line(buffer.replace(/\r$/, ''))
      buffer = ''
      // A message without its final blank line is dropped, as the spec says.
      event = ''
      data = []
    },
  }
}
