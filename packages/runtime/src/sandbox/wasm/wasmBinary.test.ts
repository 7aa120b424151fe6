import wabtInit from 'wabt'
import { describe, expect, it } from 'vitest'
import { PAGE, capMemory, capModule } from './wasmBinary.ts'

type Features = Record<string, boolean>

async function wat(text: string, features: Features = {}): Promise<Uint8Array> {
  const wabt = await wabtInit()
  const m = wabt.parseWat('t.wat', text, features)
  try {
    return m.toBinary({}).buffer
  } finally {
    m.destroy()
  }
}

const GROW = `(func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))`
const TGROW = `(func (export "tgrow") (param i32) (result i32) (table.grow $t (ref.null func) (local.get 0)))`

async function exportsOf(bytes: Uint8Array): Promise<Record<string, (n: number) => number>> {
  const { instance } = await WebAssembly.instantiate(bytes as Uint8Array<ArrayBuffer>)
  return instance.exports as Record<string, (n: number) => number>
}

describe('capMemory / capModule: memory', () => {
  it('caps an unbounded memory: growth past the cap fails inside the guest', async () => {
    const src = await wat(`(module (memory (export "m") 2) ${GROW})`)
    const { bytes, minPages } = capMemory(src, 4)
    expect(minPages).toBe(2)
    const { grow } = await exportsOf(bytes)
    expect(grow!(2)).toBe(2)
    expect(grow!(1)).toBe(-1)
    // the original stays unbounded
    expect((await exportsOf(src)).grow!(3)).toBe(2)
  })

  it('keeps a smaller existing maximum and leaves other sections intact', async () => {
    const src = await wat(
      `(module (memory 1 3) (data (i32.const 0) "hi") (func (export "f") (result i32) (i32.load8_u (i32.const 1))) ${GROW})`,
    )
    const { bytes } = capMemory(src, 100)
    const e = await exportsOf(bytes)
    expect((e.f as unknown as () => number)()).toBe('i'.charCodeAt(0))
    expect(e.grow!(3)).toBe(-1)
  })

  it('returns modules without a memory or table section unchanged', async () => {
    const src = await wat(`(module (func (export "f")))`)
    expect(capMemory(src, 1).bytes).toBe(src)
    expect(capModule(src, PAGE).minPages).toBe(0)
  })

  it('says what a module needs up front, so an oversized one never instantiates', async () => {
    const src = await wat(`(module (memory 100))`)
    const c = capModule(src, 64 * PAGE)
    expect(c.needBytes).toBe(100 * PAGE)
    expect(c.maxPages).toBe(100)
  })

  it('rejects what could escape the count', async () => {
    const cases: [string, Features, RegExp][] = [
      ['(module (memory 1) (memory 1))', { multi_memory: true }, /more than one memory/],
      ['(module (memory 1 2 shared))', { threads: true }, /shared memory/],
      ['(module (memory i64 1))', { memory64: true }, /64-bit memory/],
      ['(module (type (struct (field i32))))', { gc: true }, /GC types/],
    ]
    for (const [text, features, message] of cases) {
      const bytes = await wat(text, features)
      expect(() => capModule(bytes, 16 * PAGE), text).toThrow(message)
    }
    expect(() => capModule(new Uint8Array([0, 0x61, 0x73, 0x6d, 0x0d, 0, 1, 0]), PAGE)).toThrow(
      /component/,
    )
  })
})

describe('capModule: tables count against the memory limit', () => {
  it('a table of millions of entries needs more than a small limit', async () => {
    // 10 tables × 10M entries under 64 MiB took 760 MB of host memory before.
    const tables = Array.from({ length: 10 }, (_, i) => `(table $t${i} 10000000 funcref)`).join(' ')
    const c = capModule(await wat(`(module ${tables} (memory 1))`), 64 * 1024 * 1024)
    expect(c.tableEntries).toBe(100_000_000)
    expect(c.needBytes).toBeGreaterThan(64 * 1024 * 1024)
  })

  it('small tables are free; table growth is capped and shrinks what memory may grow to', async () => {
    const limit = 64 * PAGE // 4 MiB
    const small = capModule(await wat(`(module (table 10 funcref) (memory 1))`), limit)
    expect(small.maxPages).toBe(64)
    expect(small.tableMaxEntries).toBe(10) // no maximum: it cannot grow
    const src = await wat(`(module (table $t 1 funcref) (memory 1) ${TGROW} ${GROW})`)
    const raw = await exportsOf(src)
    expect(raw.tgrow!(1_000_000)).toBe(1) // unbounded before
    const growable = await wat(
      `(module (table $t 1 100000000 funcref) (memory 1) ${TGROW} ${GROW})`,
    )
    const c = capModule(growable, limit)
    // 65,536 free entries + (4 MiB − 1 page) / 16 bytes each
    expect(c.tableMaxEntries).toBe(65_536 + (limit - PAGE) / 16)
    expect(c.maxPages).toBe(1)
    const e = await exportsOf(c.bytes)
    expect(e.tgrow!(c.tableMaxEntries)).toBe(-1)
    expect(e.tgrow!(c.tableMaxEntries - 1)).toBe(1)
    expect(e.grow!(1)).toBe(-1)
  })
})
