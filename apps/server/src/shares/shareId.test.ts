import { describe, expect, it } from 'vitest'
import { SHARE_ID_RE, canonicalJson, shareId } from './shareId.ts'

describe('shareId', () => {
  it('is the same for the same document whatever the key order', () => {
    const a = shareId({ version: 1, groups: [{ name: 'x', exec: { path: 'a', args: 'b' } }] })
    const b = shareId({ groups: [{ exec: { args: 'b', path: 'a' }, name: 'x' }], version: 1 })
    expect(a).toBe(b)
    expect(a).toMatch(SHARE_ID_RE)
  })

  it('differs for different documents and keeps array order', () => {
    expect(shareId([1, 2])).not.toBe(shareId([2, 1]))
    expect(canonicalJson({ b: [1, { d: 1, c: 'x' }], a: null })).toBe(
      '{"a":null,"b":[1,{"c":"x","d":1}]}',
    )
  })
})
