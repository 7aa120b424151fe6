import type { InstanceResult } from '@zerolab/shared'
import { describe, expect, it } from 'vitest'
import { makeSpec, text, type SpecInput } from '../../../test/spec.ts'
import type { ImageContext } from '../image.ts'
import { runJs } from './runJs.ts'

// One context for the whole file: every hostile run must leave it fit for the next one.
const ctx: ImageContext = { cache: new Map() }
const MB = 1024 * 1024
/** The QuickJS module's Wasm heap when loaded (Emscripten's INITIAL_MEMORY). */
const INITIAL_HEAP = 16 * MB

async function run(input: SpecInput): Promise<InstanceResult> {
  return runJs(makeSpec(input), ctx)
}

/** A plain program right after a hostile one must still run normally. */
async function expectHealthy(): Promise<void> {
  const r = await run({ code: 'console.log([1, 2, 3].map((x) => x * 2).join(","))' })
  expect(r.status).toBe('ok')
  expect(text(r.outputs['/dev/stdout'])).toBe('2,4,6\n')
}

describe('js image against hostile guests', () => {
  it('ends an infinite loop with timeout', async () => {
    const r = await run({ code: 'for (;;) {}', limits: { timeoutMs: 200 } })
    expect(r.status).toBe('timeout')
    expect(r.message).toBe('timeout after 200 ms')
    await expectHealthy()
  })

  it('ends a loop that catches everything with timeout', async () => {
    const code = 'for (;;) { try { while (true) {} } catch (e) { console.log("caught") } }'
    const r = await run({ code, limits: { timeoutMs: 200 } })
    expect(r.status).toBe('timeout')
    expect(r.outputs['/dev/stdout']).toHaveLength(0)
    await expectHealthy()
  })

  it.each([
    ['many small strings', 'const a = []; for (;;) a.push("x".repeat(100) + a.length)'],
    ['typed arrays', 'const a = []; for (;;) a.push(new Uint8Array(100000))'],
    ['one huge buffer', 'const a = new Uint8Array(64 * 1024 * 1024); console.log(a.length)'],
    ['objects', 'const a = []; for (;;) a.push({ n: a.length, s: [a.length] })'],
    ['large arrays', 'const a = []; for (;;) a.push(new Array(1e5).fill(1))'],
    [
      'typed arrays, errors caught',
      'const a = []; for (;;) { try { a.push(new Uint8Array(100000)) } catch {} }',
    ],
  ])('ends a memory bomb (%s) with memory', async (_, code) => {
    const limit = 16 * MB
    const r = await run({ code, limits: { memoryBytes: limit, timeoutMs: 20_000 } })
    expect(r.status).toBe('memory')
    expect(text(r.outputs['/dev/stderr'])).toMatch(/^InternalError: out of memory\n/)
    // The Wasm heap may not grow past its 16 MiB initial size + the limit; memoryPeak is
    // QuickJS's own estimate of that use, so 4x leaves room for its inaccuracy while
    // still catching a heap that grew unchecked between two watchdog checks (was 1.5 GB).
    expect(r.accounting.memoryPeak).toBeLessThan(4 * limit + INITIAL_HEAP)
    await expectHealthy()
  })

  it('ends deep recursion with trap (stack overflow)', async () => {
    const r = await run({ code: 'function f(n) { return f(n + 1) + 1 }\nf(0)' })
    expect(r.status).toBe('trap')
    expect(r.message).toMatch(/stack overflow/)
    await expectHealthy()
    const small = await run({
      code: 'function f(n) { return f(n + 1) + 1 }\nf(0)',
      limits: { stackBytes: 64 * 1024 },
    })
    expect(small.status).toBe('trap')
    expect(small.message).toBe('InternalError: stack overflow')
    await expectHealthy()
  })

  it('ends an output flood past a channel limit with quota, even if the error is caught', async () => {
    const limited = { limits: { maxWriteBytes: 1000 } }
    const flood = await run({
      code: 'for (;;) console.log("flood flood flood")',
      channels: [{ alias: '/dev/stdout', mode: 'write', kind: 'local', ...limited }],
    })
    expect(flood.status).toBe('quota')
    expect(flood.message).toBe('quota exceeded on /dev/stdout')
    expect(flood.outputs['/dev/stdout']!.length).toBeLessThanOrEqual(1000)
    expect(text(flood.outputs['/dev/stderr'])).toMatch(/^QuotaError: quota exceeded/)

    const caught = await run({
      code: 'try { for (;;) zerolab.write("stdout", "x".repeat(100)) } catch (e) { console.error(e.name) }',
      limits: { maxOutputBytes: 250 },
    })
    expect(caught.status).toBe('quota')
    expect(text(caught.outputs['/dev/stdout'])).toHaveLength(200)
    await expectHealthy()
  })

  it('ends a flood of write operations past maxWrites with quota', async () => {
    const r = await run({
      code: 'for (let i = 0; i < 100; i++) zerolab.write("output", "x")',
      channels: [{ alias: '/dev/output', mode: 'write', kind: 'local', limits: { maxWrites: 10 } }],
    })
    expect(r.status).toBe('quota')
    expect(text(r.outputs['/dev/output'])).toBe('x'.repeat(10))
  })

  it('keeps the host out of reach', async () => {
    const code = `
      const seen = [typeof process, typeof require, typeof fetch, typeof module, typeof Deno,
        typeof XMLHttpRequest, typeof WebAssembly, typeof performance, typeof std, typeof os]
      console.log(seen.join(' '))
      const g1 = (() => {}).constructor('return this')()
      const g2 = this.constructor.constructor('return this')()
      const g3 = Object.getPrototypeOf(async function () {}).constructor('return this')
      console.log(g1 === globalThis, g2 === globalThis, typeof g3, typeof g1.process)
      console.log(Object.getOwnPropertyNames(globalThis).filter((k) => /host|^__/.test(k)).length)
      import('fs').then(() => console.log('imported'), (e) => console.log('import failed:', e.message))`
    const r = await run({ code })
    expect(r.status).toBe('ok')
    expect(text(r.outputs['/dev/stdout'])).toBe(
      [
        Array(10).fill('undefined').join(' '),
        'true true function undefined',
        '0',
        "import failed: could not load module 'fs'",
        '',
      ].join('\n'),
    )
    await expectHealthy()
  })

  it('rejects static imports and syntax errors as invalid without running', async () => {
    const bad = await run({ code: 'console.log("ran")\nlet x = (1' })
    expect(bad.status).toBe('invalid')
    expect(bad.validation).toBe(1)
    expect(bad.message).toBe("SyntaxError: expecting ')' (main.js:2:11)")
    expect(bad.outputs['/dev/stdout']).toHaveLength(0)
    const imp = await run({ code: 'import fs from "fs"\nconsole.log(fs)' })
    expect(imp.status).toBe('invalid')
    const ts = await run({ code: 'let x: = 3', lang: 'ts' })
    expect(ts.status).toBe('invalid')
    expect(ts.message).toMatch(/^SyntaxError: Unexpected token/)
    const runtime = await run({ code: 'JSON.parse("{")' })
    expect(runtime.status).toBe('error')
    await expectHealthy()
  })
})

describe('js image: costly host calls', () => {
  it('a loop of large writes past quota still ends at its time limit', async () => {
    // It catches every QuotaError and goes on calling: only the deadline ends it.
    const code =
      'const s = "x".repeat(65536); for (;;) { try { zerolab.write("stdout", s) } catch (e) {} }'
    const r = await run({ code, limits: { timeoutMs: 200, maxOutputBytes: 8 << 20 } })
    expect(r.status).toBe('timeout')
    expect(r.message).toBe('timeout after 200 ms')
    await expectHealthy()
  })
})
