import { emptyAccounting } from '@zerolab/shared'
import { describe, expect, it } from 'vitest'
import { nexeHeaders } from '../exec/nexeHeaders.ts'
import { nexeRows, rowOk } from './execute.ts'
import { sseMessages } from './submit.ts'

function stream(parts: string[]): ReadableStream<Uint8Array> {
  const enc = new TextEncoder()
  return new ReadableStream({
    start(c) {
      for (const p of parts) c.enqueue(enc.encode(p))
      c.close()
    },
  })
}

describe('sseMessages', () => {
  it('reassembles messages split across chunks, with CRLF, comments and multi-line data', async () => {
    const got = []
    for await (const m of sseMessages(
      stream([
        ': hello\r\n\r\nid: 1\r\nevent: job',
        '\r\ndata: {"a":\r\ndata: 1}\r\n\r',
        '\nid: 2\nevent: done\ndata: {}\n\n',
      ]),
    ))
      got.push(m)
    expect(got).toEqual([
      { id: '1', event: 'job', data: '{"a":\n1}' },
      { id: '2', event: 'done', data: '{}' },
    ])
  })
})

describe('nexeRows', () => {
  it('reads back what the exec endpoint writes, one row per instance', () => {
    const acc = { ...emptyAccounting(), wallMs: 1500, reads: 3, readBytes: 921 }
    const h = new Headers(
      nexeHeaders(
        [
          {
            name: 'a',
            status: 'ok',
            exitCode: 0,
            validation: 0,
            accounting: acc,
            immediateEtags: [],
          },
          {
            name: 'b',
            status: 'error',
            exitCode: 3,
            validation: 0,
            accounting: acc,
            immediateEtags: [],
          },
          {
            name: 'c',
            status: 'timeout',
            exitCode: -1,
            validation: 0,
            message: 'timeout, 5 s',
            accounting: acc,
            immediateEtags: [],
          },
        ],
        2000,
      ),
    )
    const { rows, totalSeconds } = nexeRows(h)
    expect(totalSeconds).toBe('2.000')
    expect(
      rows.map((r) => [
        r.name,
        r.status,
        r.retcode,
        r.seconds,
        r.accounting[2],
        r.accounting[3],
        r.error,
      ]),
    ).toEqual([
      ['a', 'ok', '0', '1.500', '3', '921', ''],
      ['b', 'ok', '3', '1.500', '3', '921', 'bad return code'],
      ['c', 'ZeroVM runtime error: timeout', '-1', '1.500', '3', '921', 'timeout; 5 s'],
    ])
    expect(rows.map(rowOk)).toEqual([true, false, false])
  })
})
