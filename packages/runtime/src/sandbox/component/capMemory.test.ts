import wabtInit from 'wabt'
import { describe, expect, it } from 'vitest'
import { capMemory } from './capMemory.ts'

async function wat(text: string): Promise<Uint8Array> {
  const wabt = await wabtInit()
  const m = wabt.parseWat('t.wat', text)
  try {
    return m.toBinary({}).buffer
  } finally {
    m.destroy()
  }
}

const GROW = `(func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))`

async function instantiate(bytes: Uint8Array): Promise<(pages: number) => number> {
  const { instance } = await WebAssembly.instantiate(bytes as Uint8Array<ArrayBuffer>)
  return instance.exports.grow as (pages: number) => number
}

describe('capMemory', () => {
  it('caps an unbounded memory: growth past the cap fails inside the guest', async () => {
    const src = await wat(`(module (memory (export "m") 2) ${GROW})`)
    const { bytes, minPages } = capMemory(src, 4)
    expect(minPages).toBe(2)
    const grow = await instantiate(bytes)
    expect(grow(2)).toBe(2)
    expect(grow(1)).toBe(-1)
    // the original stays unbounded
    expect((await instantiate(src))(3)).toBe(2)
  })

  it('keeps a smaller existing maximum and leaves other sections intact', async () => {
    const src = await wat(
      `(module (memory 1 3) (data (i32.const 0) "hi") (func (export "f") (result i32) (i32.load8_u (i32.const 1))) ${GROW})`,
    )
    const { bytes } = capMemory(src, 100)
    const { instance } = await WebAssembly.instantiate(bytes as Uint8Array<ArrayBuffer>)
    expect((instance.exports.f as () => number)()).toBe('i'.charCodeAt(0))
    expect((instance.exports.grow as (n: number) => number)(3)).toBe(-1)
  })

  it('returns modules without a memory section unchanged', async () => {
    const src = await wat(`(module (func (export "f")))`)
    expect(capMemory(src, 1).bytes).toBe(src)
    expect(capMemory(src, 1).minPages).toBe(0)
  })
})
