import { describe, expect, it } from 'vitest'
import { MapTree, OverlayTree, normalize } from './fileTree.ts'

const enc = new TextEncoder()

/** A ustar archive of `entries` (a name ending in `/` is a folder), as tar(1) writes one. */
function tar(entries: [string, string?][]): Uint8Array {
  const blocks: Uint8Array[] = []
  for (const [name, body] of entries) {
    const h = new Uint8Array(512)
    h.set(enc.encode(name), 0)
    const data = enc.encode(body ?? '')
    h.set(enc.encode(data.length.toString(8).padStart(11, '0')), 124)
    h[156] = name.endsWith('/') ? 0x35 : 0x30
    h.set(enc.encode('ustar\0'), 257)
    blocks.push(h)
    const padded = new Uint8Array(Math.ceil(data.length / 512) * 512)
    padded.set(data)
    blocks.push(padded)
  }
  blocks.push(new Uint8Array(1024))
  const out = new Uint8Array(blocks.reduce((n, b) => n + b.length, 0))
  let at = 0
  for (const b of blocks) {
    out.set(b, at)
    at += b.length
  }
  return out
}

describe('file trees', () => {
  it('reads a ustar archive into files and folders, sharing its bytes', () => {
    const t = MapTree.fromTar(
      tar([
        ['lib/'],
        ['lib/python3.11/'],
        ['lib/python3.11/os.py', 'import sys\n'],
        ['lib/a.txt', 'x'.repeat(700)],
      ]),
    )
    expect(new TextDecoder().decode(t.file('/lib/python3.11/os.py'))).toBe('import sys\n')
    expect(t.file('/lib/a.txt')).toHaveLength(700)
    expect(t.isDir('/lib/python3.11')).toBe(true)
    expect(t.list('/lib')).toEqual([
      { name: 'a.txt', dir: false },
      { name: 'python3.11', dir: true },
    ])
    expect(t.file('/etc/passwd')).toBeUndefined()
  })

  it('rejects a truncated archive', () => {
    expect(() => MapTree.fromTar(tar([['a.txt', 'x'.repeat(2000)]]).subarray(0, 1024))).toThrow(
      /truncated archive at a.txt/,
    )
  })

  it('lays an instance file over a shared tree without changing it', () => {
    const base = MapTree.fromTar(tar([['lib/'], ['lib/x.py', '1']]))
    const top = new OverlayTree(base, { '/main.py': enc.encode('print(1)') })
    expect(top.list('/').map((e) => e.name)).toEqual(['lib', 'main.py'])
    expect(top.file('/lib/x.py')).toBeDefined()
    expect(base.file('/main.py')).toBeUndefined()
    expect(normalize('a/./b/../c/')).toBe('/a/c')
  })
})
