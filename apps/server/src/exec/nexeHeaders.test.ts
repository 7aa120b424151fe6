import { describe, expect, it } from 'vitest'
import { emptyAccounting } from '@zerolab/shared'
import { headerEntry, nexeHeaders, type NexeInstance } from './nexeHeaders.ts'

const inst = (over: Partial<NexeInstance>): NexeInstance => ({
  name: 'x',
  status: 'ok',
  exitCode: 0,
  validation: 0,
  accounting: emptyAccounting(),
  immediateEtags: [],
  ...over,
})

describe('nexeHeaders', () => {
  it('formats one entry per instance as ZeroCloud did', () => {
    const h = nexeHeaders(
      [
        inst({
          name: 'sizeof',
          accounting: {
            ...emptyAccounting(),
            wallMs: 24,
            reads: 1,
            readBytes: 921,
            writes: 36,
            writeBytes: 1047,
          },
          immediateEtags: [{ alias: '/dev/stderr', etag: 'd41d8cd98f00b204e9800998ecf8427e' }],
        }),
      ],
      52,
    )
    expect(h['X-Nexe-System']).toBe('sizeof')
    expect(h['X-Nexe-Status']).toBe('ok')
    expect(h['X-Nexe-Retcode']).toBe('0')
    expect(h['X-Nexe-Validation']).toBe('0')
    expect(h['X-Nexe-Etag']).toBe('/dev/stderr d41d8cd98f00b204e9800998ecf8427e')
    expect(h['X-Nexe-Cdr-Line']).toBe('0.052, 0.024, 0.00 0.00 1 921 36 1047 0 0 0 0')
    expect(h['X-Nexe-Error']).toBeUndefined()
    expect(h.Etag).toMatch(/^[0-9a-f]{32}$/)
  })

  it('adds X-Nexe-Error only when an instance failed, keeping the list aligned', () => {
    const h = nexeHeaders(
      [
        inst({ name: 'map-1' }),
        inst({ name: 'map-2', status: 'error', exitCode: 3 }),
        inst({
          name: 'reduce',
          status: 'invalid',
          validation: 1,
          message: 'import "env.x", not allowed',
        }),
      ],
      10,
    )
    expect(h['X-Nexe-System']).toBe('map-1,map-2,reduce')
    expect(h['X-Nexe-Status']).toBe('ok,ok,ZeroVM did not run')
    expect(h['X-Nexe-Retcode']).toBe('0,3,0')
    expect(h['X-Nexe-Validation']).toBe('0,0,1')
    expect(h['X-Nexe-Etag']).toBe('disabled,disabled,disabled')
    expect(h['X-Nexe-Error']).toBe(',bad return code,import "env.x"; not allowed')
  })

  it('keeps header entries printable ASCII without commas', () => {
    expect(headerEntry('a,b\nc\u00e9')).toBe('a;b c?')
  })

  it('marks instances on the same node with equal X-Nexe-Colocated values (cluster mode only)', () => {
    expect(nexeHeaders([inst({})], 1)['X-Nexe-Colocated']).toBeUndefined()
    const h = nexeHeaders(
      [
        inst({ name: 'a', node: 'node1' }),
        inst({ name: 'b', node: 'node2' }),
        inst({ name: 'c', node: 'node1' }),
        inst({ name: 'd', node: 'node1', validation: 2, status: 'skipped' }),
      ],
      1,
    )
    const [a, b, c, d] = h['X-Nexe-Colocated']!.split(',')
    expect(a).toMatch(/^[0-9a-f]{40}$/)
    expect(a).toBe(c)
    expect(b).not.toBe(a)
    expect(d).toBe('0')
  })
})
