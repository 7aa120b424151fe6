import { describe, expect, it } from 'vitest'
import { formatBytes, hexDump, previewBytes } from './preview.ts'

const enc = new TextEncoder()

describe('previewBytes', () => {
  it('shows UTF-8 text as text', () => {
    const p = previewBytes(enc.encode('hello wörld\n'))
    expect(p).toEqual({ kind: 'text', text: 'hello wörld\n', truncated: false, total: 13 })
  })

  it('cuts at the limit without breaking a multi-byte character', () => {
    const bytes = enc.encode('aé') // 61 c3 a9
    const p = previewBytes(bytes, 2)
    expect(p.kind).toBe('text')
    expect(p.text).toBe('a')
    expect(p.truncated).toBe(true)
    expect(p.total).toBe(3)
  })

  it('shows binary as a hex dump', () => {
    const p = previewBytes(new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x01, 0, 0, 0]))
    expect(p.kind).toBe('hex')
    expect(p.text).toBe('00000000  00 61 73 6d 01 00 00 00                          |.asm....|')
  })

  it('treats invalid UTF-8 as binary', () => {
    expect(previewBytes(new Uint8Array([0xff, 0xfe, 0x41])).kind).toBe('hex')
  })

  it('reports empty objects', () => {
    expect(previewBytes(new Uint8Array(0)).kind).toBe('empty')
  })
})

describe('hexDump', () => {
  it('wraps at 16 bytes a line', () => {
    const lines = hexDump(new Uint8Array(20).fill(0x41)).split('\n')
    expect(lines).toHaveLength(2)
    expect(lines[1]).toMatch(/^00000010 {2}41 41 41 41 {38}\|AAAA\|$/)
  })
})

describe('formatBytes', () => {
  it('picks a unit', () => {
    expect(formatBytes(12)).toBe('12 B')
    expect(formatBytes(2048)).toBe('2.0 KB')
    expect(formatBytes(3 * 1024 * 1024)).toBe('3.0 MB')
  })
})

describe('previewBytes at a cut', () => {
  it('keeps a complete multi-byte character that ends at the limit', () => {
    const p = previewBytes(enc.encode('aéb'), 3)
    expect(p.text).toBe('aé')
  })
})
