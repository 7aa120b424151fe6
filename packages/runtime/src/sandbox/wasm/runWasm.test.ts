import { describe, expect, it } from 'vitest'
import { compileC } from '../../../test/clang.ts'
import { HELLO_WAT as HELLO } from '../../../test/hostile.ts'
import { makeSpec, text } from '../../../test/spec.ts'
import { wat } from '../../../test/wat.ts'
import type { ImageContext } from '../image.ts'
import { runInstance } from '../runInstance.ts'

const ctx = (): ImageContext => ({ cache: new Map() })
const utf8 = new TextEncoder()

describe('wasm image', () => {
  it('runs a WAT module that writes stdout', async () => {
    const r = await runInstance(makeSpec({ code: await wat(HELLO) }), ctx())
    expect(r.status).toBe('ok')
    expect(text(r.outputs['/dev/stdout'])).toBe('hello\n')
    expect(r.etags['/dev/stdout']).toBe('b1946ac92492d2347c6235b4d2611184')
    expect(r.accounting.writes).toBe(1)
    expect(r.accounting.writeBytes).toBe(6)
    expect(r.accounting.memoryPeak).toBe(65536)
  })

  it('counts words from stdin and from /dev/input', async () => {
    const code = compileC('wordcount.c')
    const a = await runInstance(makeSpec({ code, stdin: 'one two  three\nfour\n' }), ctx())
    expect(a.status).toBe('ok')
    expect(text(a.outputs['/dev/stdout'])).toBe('4\n')
    const input = { alias: '/dev/input', mode: 'read' as const, kind: 'local' as const }
    const b = await runInstance(
      makeSpec({ code, channels: [{ ...input, data: utf8.encode('a b c') }] }),
      ctx(),
    )
    expect(text(b.outputs['/dev/stdout'])).toBe('3\n')
    expect(b.accounting.readBytes).toBe(5)
  })

  it('lists /dev/in and reads every peer, counting pipe traffic', async () => {
    const peer = (name: string, s: string) => ({
      alias: `/dev/in/${name}`,
      mode: 'read' as const,
      kind: 'pipe' as const,
      data: utf8.encode(s),
    })
    const spec = makeSpec({
      code: compileC('listpeers.c'),
      channels: [peer('map-2', 'xyz'), peer('map-1', 'hello'), peer('map-10', '')],
    })
    const r = await runInstance(spec, ctx())
    expect(r.status).toBe('ok')
    expect(text(r.outputs['/dev/stdout'])).toBe('map-1 5\nmap-10 0\nmap-2 3\n')
    expect(r.accounting.pipeReadBytes).toBe(8)
  })

  it('serves channels as files: stat, seek, pread, opens, listing, stdio output, sleep', async () => {
    const spec = makeSpec({
      code: compileC('files.c'),
      channels: [
        { alias: '/dev/input', mode: 'read', kind: 'local', data: utf8.encode('hello world') },
        { alias: '/dev/output', mode: 'write', kind: 'local' },
        { alias: '/dev/in/m-1', mode: 'read', kind: 'pipe' },
      ],
    })
    const r = await runInstance(spec, ctx())
    expect(r.status).toBe('ok')
    expect(text(r.outputs['/dev/stdout'])).toBe(
      [
        'size 11 regular 1',
        'in is dir 1',
        'at 6: world',
        'pread 0: hello',
        'end 11',
        'second open: hello',
        'dev: . .. in input out output stderr stdin stdout',
        // nanosleep advances the logical clock by the requested time, plus one 1 µs read step
        'slept 5001 us',
        '',
      ].join('\n'),
    )
    expect(text(r.outputs['/dev/output'])).toBe('written via stdio\n')
  })

  it('passes argv[0] = name, args and env', async () => {
    const src = `(module
      (import "wasi_snapshot_preview1" "args_sizes_get" (func $as (param i32 i32) (result i32)))
      (import "wasi_snapshot_preview1" "args_get" (func $ag (param i32 i32) (result i32)))
      (import "wasi_snapshot_preview1" "environ_sizes_get" (func $es (param i32 i32) (result i32)))
      (import "wasi_snapshot_preview1" "environ_get" (func $eg (param i32 i32) (result i32)))
      (import "wasi_snapshot_preview1" "fd_write" (func $w (param i32 i32 i32 i32) (result i32)))
      (memory (export "memory") 1)
      (func (export "_start")
        (drop (call $as (i32.const 0) (i32.const 4)))
        (drop (call $ag (i32.const 100) (i32.const 1000)))
        (i32.store (i32.const 16) (i32.const 1000))
        (i32.store (i32.const 20) (i32.load (i32.const 4)))
        (drop (call $w (i32.const 1) (i32.const 16) (i32.const 1) (i32.const 8)))
        (drop (call $es (i32.const 0) (i32.const 4)))
        (drop (call $eg (i32.const 100) (i32.const 2000)))
        (i32.store (i32.const 16) (i32.const 2000))
        (i32.store (i32.const 20) (i32.load (i32.const 4)))
        (drop (call $w (i32.const 2) (i32.const 16) (i32.const 1) (i32.const 8)))))`
    const spec = makeSpec({
      code: await wat(src),
      name: 'map-3',
      args: ['-x', 'y'],
      env: { A: '1' },
    })
    const r = await runInstance(spec, ctx())
    expect(text(r.outputs['/dev/stdout'])).toBe('map-3\0-x\0y\0')
    expect(text(r.outputs['/dev/stderr'])).toBe('A=1\0')
  })

  it('refuses paths outside /dev and the creation of files', async () => {
    const input = { alias: '/dev/input', mode: 'read' as const, kind: 'local' as const }
    const r = await runInstance(makeSpec({ code: compileC('escape.c'), channels: [input] }), ctx())
    const out = text(r.outputs['/dev/stdout'])
    expect(out).toContain('/dev/input: OPENED')
    expect(out).not.toMatch(/(passwd|\.\.\/x|newfile|tmp\/x): OPENED/)
    expect(r.status).toBe('ok')
  })

  it('rejects forbidden imports, bad binaries and modules without _start', async () => {
    const sock = await wat(`(module (import "env" "socket" (func)) (memory (export "memory") 1)
      (func (export "_start")))`)
    const a = await runInstance(makeSpec({ code: sock }), ctx())
    expect(a).toMatchObject({ status: 'invalid', validation: 1 })
    expect(a.message).toBe('module "env" import "socket" is not allowed')
    const b = await runInstance(
      makeSpec({ code: new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0, 9]) }),
      ctx(),
    )
    expect(b.status).toBe('invalid')
    const c = await runInstance(
      makeSpec({ code: await wat('(module (memory (export "memory") 1))') }),
      ctx(),
    )
    expect(c.message).toContain('_start')
    const d = await runInstance(makeSpec({ code: utf8.encode('not wasm at all') }), ctx())
    expect(d.status).toBe('invalid')
  })

  it('maps exits, traps and memory exhaustion to statuses', async () => {
    const exit = await wat(`(module
      (import "wasi_snapshot_preview1" "proc_exit" (func $e (param i32)))
      (memory (export "memory") 1) (func (export "_start") (call $e (i32.const 7))))`)
    expect(await runInstance(makeSpec({ code: exit }), ctx())).toMatchObject({
      status: 'error',
      exitCode: 7,
    })
    const trap = await wat(
      `(module (memory (export "memory") 1) (func (export "_start") unreachable))`,
    )
    expect((await runInstance(makeSpec({ code: trap }), ctx())).status).toBe('trap')
    const memhog = compileC('memhog.c')
    const m = await runInstance(makeSpec({ code: memhog, limits: { memoryBytes: 8 << 20 } }), ctx())
    expect(m.status).toBe('memory')
    expect(m.accounting.memoryPeak).toBeLessThanOrEqual(8 << 20)
    const big = await wat(`(module (memory (export "memory") 200) (func (export "_start")))`)
    const n = await runInstance(makeSpec({ code: big, limits: { memoryBytes: 1 << 20 } }), ctx())
    expect(n.status).toBe('memory')
  })

  it('reads a fixed real-time clock, a logical monotonic clock and seeded random', async () => {
    const code = compileC('clockrandom.c')
    const run = async (seed: string) =>
      runInstance(makeSpec({ code, seed, epochMs: 1_000_000_123 }), ctx())
    const a = await run('s1')
    const out = text(a.outputs['/dev/stdout'])
    expect(out).toContain('realtime 1000000.123000000\n')
    expect(out).toContain('monotonic step 1000 ns\n')
    const b = await run('s1')
    const c = await run('s2')
    expect(b.etags['/dev/stdout']).toBe(a.etags['/dev/stdout'])
    expect(c.etags['/dev/stdout']).not.toBe(a.etags['/dev/stdout'])
  })

  it('reads a channel to its end when its size is exactly the read limit, and not a byte more', async () => {
    const code = compileC('wordcount.c')
    const stdin = (data: string) => ({
      alias: '/dev/stdin',
      mode: 'read' as const,
      kind: 'local' as const,
      data: utf8.encode(data),
      limits: { maxReadBytes: 5 },
    })
    const exact = await runInstance(makeSpec({ code, channels: [stdin('a b c')] }), ctx())
    expect(exact.status).toBe('ok')
    expect(text(exact.outputs['/dev/stdout'])).toBe('3\n')
    const over = await runInstance(makeSpec({ code, channels: [stdin('a b cd')] }), ctx())
    expect(over.status).toBe('quota')
  })

  it('ends with quota when a channel limit is broken', async () => {
    const spec = makeSpec({ code: compileC('flood.c') })
    spec.channels.push({
      alias: '/dev/stdout',
      mode: 'write',
      kind: 'local',
      limits: { maxWriteBytes: 100_000 },
    })
    const r = await runInstance(spec, ctx())
    expect(r.status).toBe('quota')
    expect(r.message).toContain('/dev/stdout')
    expect(text(r.outputs['/dev/stderr'])).toContain('write failed')
    expect(r.outputs['/dev/stdout']!.length).toBeLessThanOrEqual(100_000)
  })
})
