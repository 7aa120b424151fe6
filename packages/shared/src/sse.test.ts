import { describe, expect, it } from 'vitest'
import { createSseParser, type SseMessage } from './sse.ts'

function parse(chunks: string[]): SseMessage[] {
  const out: SseMessage[] = []
  const p = createSseParser((m) => out.push(m))
  for (const c of chunks) p.push(c)
  p.end()
  return out
}

describe('createSseParser', () => {
  it('parses events, data lines and ids', () => {
    expect(parse(['event: progress\ndata: {"a":1}\nid: 7\n\n', 'data: x\ndata: y\n\n'])).toEqual([
      { event: 'progress', data: '{"a":1}', id: '7' },
      { event: 'message', data: 'x\ny', id: '7' },
    ])
  })

  it('handles chunks split anywhere, CRLF and comments', () => {
    const text = ': keepalive\r\nevent: done\r\ndata: {"ok":true}\r\n\r\n'
    const split = text.split('')
    expect(parse(split)).toEqual([{ event: 'done', data: '{"ok":true}', id: undefined }])
  })

  it('ignores events without data and drops an unterminated last event', () => {
    expect(parse(['event: x\n\n', 'data: half'])).toEqual([])
  })

  it('keeps a colon-less field and strips only one leading space', () => {
    expect(parse(['data\ndata:  two\n\n'])).toEqual([
      { event: 'message', data: '\n two', id: undefined },
    ])
  })
})
