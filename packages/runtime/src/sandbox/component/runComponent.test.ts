import { describe, expect, it } from 'vitest'
import type { ChannelSpec, InstanceResult } from '@zerolab/shared'
import {
  buildComponent,
  buildComponentWat,
  bytesOf,
  componentSpec,
  type SpecOptions,
} from '../../../test/componentBuild.ts'
import type { ImageContext } from '../image.ts'
import { runComponent } from './runComponent.ts'

// One context for the file, as one warm worker would have: each component transpiles once.
const ctx: ImageContext = { cache: new Map() }
const dec = new TextDecoder()

function text(r: InstanceResult, alias: string): string {
  return dec.decode(r.outputs[alias] ?? new Uint8Array(0))
}

function input(alias: string, data: string): ChannelSpec {
  const kind = alias.startsWith('/dev/in/') ? 'pipe' : 'local'
  return { alias, mode: 'read', kind, data: bytesOf(data) }
}

function output(alias: string, limits?: ChannelSpec['limits']): ChannelSpec {
  const kind = alias.startsWith('/dev/out/') ? 'pipe' : 'local'
  return limits ? { alias, mode: 'write', kind, limits } : { alias, mode: 'write', kind }
}

const hello = buildComponent('component/hello.c')
const wc = buildComponent('component/wc.c')
const hostile = buildComponent('component/hostile.c')

function run(code: Uint8Array, o?: SpecOptions): Promise<InstanceResult> {
  return runComponent(componentSpec(code, o), ctx)
}

describe('component image', () => {
  it('runs a C command component: stdout, stderr, argv[0] = instance name', async () => {
    const r = await run(hello, { name: 'greeter-2' })
    expect(r.status).toBe('ok')
    expect(r.exitCode).toBe(0)
    expect(r.validation).toBe(0)
    expect(text(r, '/dev/stdout')).toBe('hello from greeter-2\n')
    expect(text(r, '/dev/stderr')).toBe('a line on stderr\n')
    expect(r.accounting.writeBytes).toBe(r.outputs['/dev/stdout']!.length + 17)
    expect(r.accounting.memoryPeak).toBeGreaterThan(0)
  })

  it('transpiles a component once per program hash', async () => {
    const key = `component:${componentSpec(hello).program.hash}`
    const before = ctx.cache.get(key)
    expect(before).toBeDefined()
    const r = await run(hello)
    expect(r.status).toBe('ok')
    expect(ctx.cache.get(key)).toBe(before)
  })

  it('counts words on stdin and on /dev/input, with CDR read counters', async () => {
    const a = await run(wc, { stdin: 'one two three\nfour five\n' })
    expect(text(a, '/dev/stdout')).toBe('2 5 24\n')
    expect(a.accounting.readBytes).toBe(24)
    const b = await run(wc, {
      args: ['/dev/input'],
      channels: [input('/dev/input', 'x y\nz\n')],
    })
    expect(b.status).toBe('ok')
    expect(text(b, '/dev/stdout')).toBe('2 3 6\n')
    expect(b.accounting.reads).toBeGreaterThan(0)
    expect(b.accounting.readBytes).toBe(6)
  })

  it('lists /dev/in and reads every peer, counted as pipe traffic', async () => {
    const listpeers = buildComponent('component/listpeers.c')
    const r = await run(listpeers, {
      channels: [
        input('/dev/in/map-2', 'abcdef'),
        input('/dev/in/map-1', 'abc'),
        output('/dev/output'),
        output('/dev/out/reduce-1'),
      ],
    })
    expect(r.status).toBe('ok')
    expect(text(r, '/dev/output')).toBe('map-1 3\nmap-2 6\n')
    expect(r.accounting.pipeReadBytes).toBe(9)
    expect(r.etags['/dev/output']).toMatch(/^[0-9a-f]{32}$/)
    expect(r.outputs['/dev/out/reduce-1']).toHaveLength(0)
  })

  it('passes args and env; exit codes map to ok / error', async () => {
    const argsenv = buildComponent('component/argsenv.c')
    const ok = await run(argsenv, { name: 'a-1', args: ['x', 'y z'], env: { K: 'v' } })
    expect(ok.status).toBe('ok')
    expect(text(ok, '/dev/stdout')).toBe('arg a-1\narg x\narg y z\nenv K=v\n')
    const bad = await run(argsenv, { env: { EXIT_CODE: '3' } })
    expect(bad.status).toBe('error')
    expect(bad.exitCode).toBe(3)
    const wc2 = await run(wc, { args: ['/dev/missing'] })
    expect(wc2.status).toBe('error')
    expect(wc2.exitCode).toBe(2)
    expect(text(wc2, '/dev/stderr')).toBe('/dev/missing: No such file or directory\n')
  })

  it('is deterministic: fixed epoch, logical monotonic clock, seeded random', async () => {
    const clockrand = buildComponent('component/clockrand.c')
    const a = await run(clockrand, { seed: 's1' })
    const b = await run(clockrand, { seed: 's1' })
    const c = await run(clockrand, { seed: 's2' })
    expect(a.status).toBe('ok')
    expect(a.etags['/dev/stdout']).toBe(b.etags['/dev/stdout'])
    expect(c.etags['/dev/stdout']).not.toBe(a.etags['/dev/stdout'])
    const out = text(a, '/dev/stdout')
    expect(out).toContain('wall 1257894000.000000000\n')
    expect(out).toContain('time 1257894000\n')
    expect(out).toMatch(/slept 100\d000 ns/)
    const other = await run(clockrand, { seed: 's1', name: 'comp-2' })
    expect(other.etags['/dev/stdout']).not.toBe(a.etags['/dev/stdout'])
  })
})

describe('component image, hostile guests', () => {
  it('cannot open paths that are not channels', async () => {
    const r = await run(hostile, { args: ['escape'], channels: [input('/dev/input', 'secret')] })
    expect(r.status).toBe('ok')
    const out = text(r, '/dev/stdout')
    expect(out).not.toContain('OPENED')
    expect(out).not.toContain('CREATED')
    expect(out).toContain('/dev/../etc/passwd Operation not permitted')
    expect(out).toContain('/dev/in/../../etc/passwd Operation not permitted')
    expect(out).toContain('/dev/nope No such file or directory')
    expect(out).toContain('create Permission denied')
    expect(out).toContain('write input Permission denied')
    expect(out).toMatch(/^\/etc\/passwd (?!OPENED)/m)
    expect(out).toMatch(/^\.\.\/x (?!OPENED)/m)
  })

  it('ends a write flood at the channel limit with status quota', async () => {
    const spec = componentSpec(hostile, { args: ['flood'] })
    spec.channels = [
      input('/dev/stdin', ''),
      output('/dev/stdout', { maxWriteBytes: 64 * 1024 }),
      output('/dev/stderr'),
    ]
    const r = await runComponent(spec, ctx)
    expect(r.status).toBe('quota')
    expect(r.outputs['/dev/stdout']).toHaveLength(64 * 1024)
    expect(text(r, '/dev/stderr')).toContain('write: Quota exceeded')
  })

  it('reports memory growth past the limit as memory', async () => {
    const r = await run(hostile, { args: ['grow'], limits: { memoryBytes: 16 << 20 } })
    expect(r.status).toBe('memory')
    expect(r.accounting.memoryPeak).toBeLessThanOrEqual(16 << 20)
  })

  it('rejects a component whose initial memory exceeds the limit', async () => {
    const r = await run(hello, { limits: { memoryBytes: 64 * 1024 } })
    expect(r.status).toBe('memory')
    expect(r.accounting.memoryPeak).toBeGreaterThan(64 * 1024)
  })

  it('reports traps and stack overflow as trap', async () => {
    const t = await run(hostile, { args: ['trap'] })
    expect(t.status).toBe('trap')
    const s = await run(hostile, { args: ['recurse'] })
    expect(s.status).toBe('trap')
  })

  it('stops a guest that keeps calling the host once its time is up', async () => {
    const r = await run(hostile, { args: ['spin'], limits: { timeoutMs: 200 } })
    expect(r.status).toBe('timeout')
  })

  it('rejects forbidden imports, core modules and garbage as invalid', async () => {
    const sockets = await run(buildComponentWat('component/sockets.wat'))
    expect(sockets.status).toBe('invalid')
    expect(sockets.validation).toBe(1)
    expect(sockets.message).toContain('wasi:sockets/instance-network@0.2.0')
    const extra = await run(buildComponentWat('component/extra-export.wat'))
    expect(extra.status).toBe('invalid')
    expect(extra.message).toContain('docs:evil/api@1.0.0')
    const core = await run(bytesOf('\0asm\x01\0\0\0'))
    expect(core.status).toBe('invalid')
    expect(core.message).toContain('wasm image')
    const junk = await run(bytesOf('\0asm\x0d\0\x01\0\x07garbage'))
    expect(junk.status).toBe('invalid')
  })

  it('captures stdout even when the spec has no stdio channels', async () => {
    const spec = componentSpec(hello)
    spec.channels = []
    const r = await runComponent(spec, ctx)
    expect(r.status).toBe('ok')
    expect(text(r, '/dev/stdout')).toBe('hello from comp-1\n')
  })

  it('runs the next instance fine after all of the above', async () => {
    const r = await run(hello)
    expect(r.status).toBe('ok')
    expect(text(r, '/dev/stdout')).toBe('hello from comp-1\n')
  })
})
