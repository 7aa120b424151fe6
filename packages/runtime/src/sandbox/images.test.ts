import { IMAGES } from '@zerolab/shared'
import { describe, expect, it } from 'vitest'
import { IMAGE_REGISTRY, inferImage } from './images.ts'

const core = new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0])
const component = new Uint8Array([0, 0x61, 0x73, 0x6d, 0x0d, 0, 1, 0])
const text = new TextEncoder().encode('console.log(1)')

describe('IMAGE_REGISTRY', () => {
  it('has a loadable runner for every kind a job may name', async () => {
    expect(Object.keys(IMAGE_REGISTRY).sort()).toEqual([...IMAGES].sort())
    for (const kind of IMAGES) expect(typeof (await IMAGE_REGISTRY[kind].load())).toBe('function')
  })

  it('infers by object name before the header, and falls back to wasm', () => {
    expect(inferImage(core, 'm.nexe')).toBe('wasm')
    expect(inferImage(component, 'c.wasm')).toBe('component')
    expect(inferImage(text, 'p.ts')).toBe('js')
    expect(inferImage(core, 'oddly-named.js')).toBe('js')
    expect(inferImage(text, 'notes.txt')).toBe('wasm')
    expect(inferImage(text, 'wordcount.py')).toBe('python')
  })
})
