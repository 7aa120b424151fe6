import { describe, expect, it } from 'vitest'
import type { JobDocument } from '../../state/jobDocument.ts'
import {
  decodeJobHash,
  encodeJobHash,
  fromBase64Url,
  readShareRef,
  toBase64Url,
} from './shareCodec.ts'

const job: JobDocument = {
  version: 1,
  seed: 'abc',
  groups: [
    {
      name: 'map',
      exec: { image: 'js', source: "const t = zerolab.read('stdin')\n// ünïcödé ✓\n" },
      devices: [{ name: 'stdin', path: 'swift://~/books/*.txt' }],
      connect: ['reduce'],
      ui: { x: 10, y: 20 },
    },
    {
      name: 'reduce',
      exec: { path: 'swift://~/apps/reduce.wasm' },
      devices: [{ name: 'stdout' }],
      ui: { x: 300, y: 20 },
    },
  ],
}

describe('share links', () => {
  it('round-trips a job exactly through the hash', () => {
    const hash = encodeJobHash(job)
    expect(hash).toMatch(/^v1\.[A-Za-z0-9_-]+$/)
    expect(decodeJobHash(`#${hash}`)).toEqual(job)
  })

  it('round-trips every byte value through base64url', () => {
    const bytes = Uint8Array.from({ length: 256 }, (_, i) => i)
    expect(fromBase64Url(toBase64Url(bytes))).toEqual(bytes)
  })

  it('recognises inline, short and absent links', () => {
    expect(readShareRef('/', `#${encodeJobHash(job)}`)).toEqual({ kind: 'inline', job })
    expect(readShareRef('/s/AbC_12-xyz00', '')).toEqual({ kind: 'short', id: 'AbC_12-xyz00' })
    expect(readShareRef('/', '#s=AbC_12-xyz00')).toEqual({ kind: 'short', id: 'AbC_12-xyz00' })
    expect(readShareRef('/', '')).toEqual({ kind: 'none' })
  })

  it('rejects damaged and unknown links with a reason', () => {
    expect(() => decodeJobHash('#v1.AAAA')).toThrow(/damaged/)
    expect(() => decodeJobHash('#v9.xyz')).toThrow(/unknown format/)
    expect(() => decodeJobHash('#v1.a+b')).toThrow(/base64url/)
  })
})
