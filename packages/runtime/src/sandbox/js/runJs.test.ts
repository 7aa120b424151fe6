import { readFileSync } from 'node:fs'
import type { ChannelSpec } from '@zerolab/shared'
import { describe, expect, it } from 'vitest'
import { FIXTURES } from '../../../test/clang.ts'
import { makeSpec, text } from '../../../test/spec.ts'
import { md5Hex } from '../common/md5.ts'
import type { ImageContext } from '../image.ts'
import { runJs } from './runJs.ts'

const ctx: ImageContext = { cache: new Map() }
const utf8 = new TextEncoder()
const fixture = (name: string): string => readFileSync(`${FIXTURES}/${name}`, 'utf8')
const channel = (alias: string, mode: 'read' | 'write', data?: string): ChannelSpec => ({
  alias,
  mode,
  kind: alias.startsWith('/dev/in/') || alias.startsWith('/dev/out/') ? 'pipe' : 'local',
  ...(data === undefined ? {} : { data: utf8.encode(data) }),
})

describe('js image', () => {
  it('prints hello with console.log and exits ok', async () => {
    const r = await runJs(makeSpec({ code: 'console.log("hello")' }), ctx)
    expect(r.status).toBe('ok')
    expect(r.exitCode).toBe(0)
    expect(r.validation).toBe(0)
    expect(text(r.outputs['/dev/stdout'])).toBe('hello\n')
    expect(r.etags['/dev/stdout']).toBe(md5Hex(utf8.encode('hello\n')))
    expect(r.outputs['/dev/stderr']).toHaveLength(0)
    expect(r.accounting.writes).toBe(1)
    expect(r.accounting.writeBytes).toBe(6)
    expect(r.accounting.memoryPeak).toBeGreaterThan(0)
    expect(r.accounting.wallMs).toBeGreaterThan(0)
  })

  it('runs TypeScript with types stripped', async () => {
    const code = fixture('hello.ts')
    const r = await runJs(makeSpec({ code, lang: 'ts', args: ['zero'] }), ctx)
    expect(r.status).toBe('ok')
    expect(text(r.outputs['/dev/stdout'])).toBe('hello zero\nHELLO ZERO\n')
    const e = await runJs(makeSpec({ code, lang: 'ts', env: { EXIT: '4' } }), ctx)
    expect(e.status).toBe('error')
    expect(e.exitCode).toBe(4)
    expect(text(e.outputs['/dev/stdout'])).toBe('hello world\nHELLO WORLD\n')
  })

  it('reads stdin and writes stdout, as text and as bytes', async () => {
    const code = `
      const s = zerolab.read('stdin')
      zerolab.write('stdout', s.toUpperCase())
      zerolab.write('/dev/stdout', new Uint8Array([10, 0xe2, 0x82, 0xac]))
      zerolab.write('stderr', new Uint8Array([1, 2, 3, 4, 5]).subarray(1, 3))`
    const r = await runJs(makeSpec({ code, stdin: 'héllo wörld' }), ctx)
    expect(r.status).toBe('ok')
    expect(text(r.outputs['/dev/stdout'])).toBe('HÉLLO WÖRLD\n€')
    expect([...r.outputs['/dev/stderr']!]).toEqual([2, 3])
    expect(r.accounting.reads).toBe(1)
    expect(r.accounting.readBytes).toBe(utf8.encode('héllo wörld').length)
  })

  it('reads a channel n bytes at a time with readChunk, then an empty chunk at the end', async () => {
    const code = `
      const sizes = []
      for (let c = zerolab.readChunk('stdin', 4); c.length > 0; c = zerolab.readChunk('stdin', 4))
        sizes.push(c.length)
      console.log(sizes.join(','), zerolab.readChunk('stdin').length)`
    const r = await runJs(makeSpec({ code, stdin: 'abcdefghij' }), ctx)
    expect(r.status).toBe('ok')
    expect(text(r.outputs['/dev/stdout'])).toBe('4,4,2 0\n')
    // Every call is one counted read, the one that finds the end too.
    expect(r.accounting.reads).toBe(5)
    expect(r.accounting.readBytes).toBe(10)
  })

  it('iterates lines (the last one unterminated), mixing with readChunk and read', async () => {
    const code = `
      const got = []
      for (const line of zerolab.lines('stdin')) {
        got.push(line)
        if (got.length === 2) break
      }
      // What lines read ahead is not lost: the next calls see it first.
      const chunk = zerolab.readChunk('stdin', 3)
      got.push(String.fromCharCode(...chunk))
      for (const line of zerolab.lines('stdin')) got.push(line)
      console.log(JSON.stringify(got))`
    const input = 'héllo\n\nwörld\r\nlast'
    const r = await runJs(makeSpec({ code, stdin: input }), ctx)
    expect(r.status, r.message).toBe('ok')
    expect(JSON.parse(text(r.outputs['/dev/stdout']))).toEqual([
      'héllo',
      '',
      'w\u00c3\u00b6',
      'rld\r',
      'last',
    ])
    const all = `
      for (const l of zerolab.lines('stdin')) { console.log(l); break }
      console.log(zerolab.read('stdin'))`
    const r2 = await runJs(makeSpec({ code: all, stdin: 'a\nb\nc' }), ctx)
    expect(text(r2.outputs['/dev/stdout'])).toBe('a\nb\nc\n')
  })

  it('reads /dev/input and writes /dev/output by either name', async () => {
    const code = `
      const bytes = zerolab.readBytes('/dev/input')
      zerolab.write('output', String(bytes.length) + ' ' + bytes[0])
      console.log(JSON.stringify(zerolab.read('input')))`
    const spec = makeSpec({
      code,
      channels: [channel('/dev/input', 'read', 'abc'), channel('/dev/output', 'write')],
    })
    const r = await runJs(spec, ctx)
    expect(r.status).toBe('ok')
    expect(text(r.outputs['/dev/output'])).toBe('3 97')
    expect(text(r.outputs['/dev/stdout'])).toBe('""\n')
    expect(r.accounting.reads).toBe(2)
  })

  it('lists and reads in peers and writes out peers, counting pipe traffic', async () => {
    const spec = makeSpec({
      code: fixture('peers.js'),
      name: 'reduce-1',
      channels: [
        channel('/dev/in/map-2', 'read', 'xyz'),
        channel('/dev/in/map-1', 'read', 'hello'),
        channel('/dev/in/map-10', 'read', ''),
        channel('/dev/out/sink-1', 'write'),
        channel('/dev/out/sink-2', 'write'),
      ],
    })
    const r = await runJs(spec, ctx)
    expect(r.status).toBe('ok')
    expect(text(r.outputs['/dev/stdout'])).toBe('map-1 5\nmap-10 0\nmap-2 3\n')
    expect(text(r.outputs['/dev/out/sink-2'])).toBe('hello sink-2 from reduce-1\n')
    expect(r.accounting.pipeReads).toBe(3)
    expect(r.accounting.pipeReadBytes).toBe(8)
    expect(r.accounting.pipeWrites).toBe(2)
    expect(r.accounting.reads).toBe(0)
  })

  it('lists /dev and shows name, args and env', async () => {
    const code = `console.log(JSON.stringify([zerolab.list(''), zerolab.list(), zerolab.name, zerolab.args, zerolab.env]))`
    const spec = makeSpec({
      code,
      name: 'map-3',
      args: ['-n', '5'],
      env: { MODE: 'fast' },
      channels: [channel('/dev/input', 'read', 'x'), channel('/dev/in/a', 'read', '')],
    })
    const r = await runJs(spec, ctx)
    const devs = ['in', 'input', 'stderr', 'stdin', 'stdout']
    expect(JSON.parse(text(r.outputs['/dev/stdout']))).toEqual([
      devs,
      devs,
      'map-3',
      ['map-3', '-n', '5'],
      { MODE: 'fast' },
    ])
  })

  it('maps exit codes: exit(0) ok, exit(n) error, uncatchable, nothing runs after', async () => {
    const zero = await runJs(makeSpec({ code: 'zerolab.exit(0); console.log("no")' }), ctx)
    expect(zero.status).toBe('ok')
    expect(zero.outputs['/dev/stdout']).toHaveLength(0)
    const seven = await runJs(makeSpec({ code: 'zerolab.exit(7)' }), ctx)
    expect([seven.status, seven.exitCode]).toEqual(['error', 7])
    const caught = await runJs(
      makeSpec({
        code: 'try { zerolab.exit(3) } catch (e) { console.log("caught") }; for (;;) {}',
        limits: { timeoutMs: 5000 },
      }),
      ctx,
    )
    expect([caught.status, caught.exitCode]).toEqual(['error', 3])
    expect(caught.outputs['/dev/stdout']).toHaveLength(0)
  })

  it('reports an uncaught error with its stack on stderr and exit code 1', async () => {
    const code = 'function f() { throw new TypeError("boom") }\nf()'
    const r = await runJs(makeSpec({ code }), ctx)
    expect(r.status).toBe('error')
    expect(r.exitCode).toBe(1)
    expect(r.message).toBe('TypeError: boom')
    expect(text(r.outputs['/dev/stderr'])).toMatch(/^TypeError: boom\n {4}at f \(main\.js:1:/)
    const thrown = await runJs(makeSpec({ code: 'throw 42' }), ctx)
    expect([thrown.status, thrown.message]).toEqual(['error', 'Uncaught 42'])
  })

  it('fails channel misuse with guest errors', async () => {
    const code = `
      for (const f of [() => zerolab.read('nope'), () => zerolab.write('stdin', 'x'),
                       () => zerolab.read('stdout'), () => zerolab.write('../etc/passwd', 'x'),
                       () => zerolab.read('/etc/passwd')])
        try { f() } catch (e) { console.log(e.message) }
      console.log(JSON.stringify(zerolab.list('nope')))`
    const r = await runJs(makeSpec({ code }), ctx)
    expect(r.status).toBe('ok')
    expect(text(r.outputs['/dev/stdout'])).toBe(
      [
        'no such channel: nope',
        'channel is not writable: stdin',
        'channel is not readable: stdout',
        'no such channel: ../etc/passwd',
        'no such channel: /etc/passwd',
        '[]',
        '',
      ].join('\n'),
    )
  })

  it('formats console values and routes warn/error to stderr', async () => {
    const code = `
      console.log('a', 1, true, null, undefined, [1, 'x'], { k: { v: [2] } }, new Map([[1, 2]]), 3n)
      console.info(new Uint8Array([1, 2]))
      console.warn('careful')
      console.error(new RangeError('bad'))`
    const r = await runJs(makeSpec({ code }), ctx)
    expect(text(r.outputs['/dev/stdout'])).toBe(
      'a 1 true null undefined [ 1, "x" ] { k: { v: [ 2 ] } } Map(1) { 1 => 2 } 3n\n' +
        'Uint8Array(2) [ 1, 2 ]\n',
    )
    expect(text(r.outputs['/dev/stderr'])).toMatch(/^careful\nRangeError: bad\n {4}at <eval>/)
  })

  it('runs promise jobs and deterministic timers after the script', async () => {
    const code = `
      setTimeout(() => console.log('t20'), 20)
      const id = setTimeout(() => console.log('cleared'), 5)
      setTimeout((x) => { console.log('t10', x); Promise.resolve().then(() => console.log('job')) }, 10, 'arg')
      clearTimeout(id)
      let n = 0
      const iv = setInterval(() => { console.log('iv', ++n); if (n === 2) clearInterval(iv) }, 8)
      queueMicrotask(() => console.log('micro'))
      ;(async () => { await null; console.log('async') })()
      console.log('sync')`
    const r = await runJs(makeSpec({ code }), ctx)
    expect(r.status).toBe('ok')
    expect(text(r.outputs['/dev/stdout'])).toBe(
      'sync\nmicro\nasync\niv 1\nt10 arg\njob\niv 2\nt20\n',
    )
  })

  it('hands a large input to the guest as bytes and counts words fast', async () => {
    const line = 'the quick brown fox jumps over the lazy dog\n'
    const input = utf8.encode(line.repeat(Math.ceil((1 << 20) / line.length)))
    const spec = makeSpec({
      code: fixture('wordcount.js'),
      channels: [{ alias: '/dev/input', mode: 'read', kind: 'local', data: input }],
    })
    const r = await runJs(spec, ctx)
    expect(r.status).toBe('ok')
    expect(text(r.outputs['/dev/stdout'])).toBe(`${(input.length / line.length) * 9}\n`)
    expect(r.accounting.readBytes).toBe(input.length)
    const stdin = await runJs(
      makeSpec({ code: fixture('wordcount.js'), stdin: ' a\tb\n\nc ' }),
      ctx,
    )
    expect(text(stdin.outputs['/dev/stdout'])).toBe('3\n')
  })
})
