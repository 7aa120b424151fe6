import type { InstanceLimits, InstanceResult } from '@zerolab/shared'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ensurePython, PYTHON_BUILD_TIMEOUT } from '../../../test/python.ts'
import { makeSpec, text } from '../../../test/spec.ts'
import { createNodePool } from '../../node/createNodePool.ts'

// A cold worker loads and compiles python.wasm first: warm-up runs get a generous limit.
const WARM: Partial<InstanceLimits> = { timeoutMs: 120_000 }

describe('python image on the worker pool (worker_threads), hostile guests', () => {
  beforeAll(ensurePython, PYTHON_BUILD_TIMEOUT)
  const pool = createNodePool({ size: 1 })
  afterAll(() => pool.close())

  const run = (code: string, limits?: Partial<InstanceLimits>): Promise<InstanceResult> =>
    pool.run(makeSpec({ code, image: 'python', name: 'py-1', limits: { ...WARM, ...limits } }))
  const stderr = (r: InstanceResult): string => text(r.outputs['/dev/stderr'])

  const healthy = async (): Promise<void> => {
    const r = await run('import zerolab\nprint("hi from", zerolab.name, sum(range(10)))')
    expect(r.status).toBe('ok')
    expect(text(r.outputs['/dev/stdout'])).toBe('hi from py-1 45\n')
  }

  it('runs a program', healthy)

  it('ends an infinite loop with timeout', async () => {
    const r = await run('while True:\n    pass', { timeoutMs: 1000 })
    expect(r.status).toBe('timeout')
    await healthy()
  })

  it('ends a loop that swallows every exception with timeout', async () => {
    const code =
      'while True:\n    try:\n        while True: pass\n    except BaseException:\n        pass'
    expect((await run(code, { timeoutMs: 1000 })).status).toBe('timeout')
    await healthy()
  })

  it('ends a memory bomb with memory', async () => {
    const r = await run('a = []\nwhile True:\n    a.append(bytearray(100000))', {
      memoryBytes: 64 << 20,
    })
    expect(r.status).toBe('memory')
    expect(stderr(r)).toMatch(/MemoryError/)
    await healthy()
  })

  it('ends deep recursion with RecursionError (error), and past the limit with a clear status', async () => {
    const r = await run('def f(n):\n    return f(n + 1) + 1\nf(0)')
    expect(r.status).toBe('error')
    expect(stderr(r)).toMatch(/RecursionError: maximum recursion depth exceeded/)
    await healthy()
    const deep =
      'import sys\nsys.setrecursionlimit(10**8)\ndef f(n):\n    return f(n + 1) + 1\nf(0)'
    const d = await run(deep, { timeoutMs: 60_000, memoryBytes: 64 << 20 })
    expect(['trap', 'memory']).toContain(d.status)
    await healthy()
  })

  it('ends an output flood with quota', async () => {
    const flood = 'import sys\ns = "x" * 65536\nwhile True:\n    sys.stdout.write(s)'
    expect((await run(flood, { maxOutputBytes: 1 << 20 })).status).toBe('quota')
    await healthy()
  })

  it('has no processes, sockets, ctypes or host files', async () => {
    const probe = [
      'import os',
      'def tryit(label, f):',
      '    try:',
      '        f()',
      '        print(label, "ran")',
      '    except BaseException as e:',
      '        print(label, type(e).__name__)',
      'tryit("system", lambda: os.system("ls"))',
      'tryit("fork", lambda: os.fork())',
      'import subprocess',
      'tryit("subprocess", lambda: subprocess.run(["ls"]))',
      'def sock():',
      '    import socket',
      '    socket.create_connection(("127.0.0.1", 80))',
      'tryit("socket", sock)',
      'tryit("ctypes", lambda: __import__("ctypes"))',
      'tryit("passwd", lambda: open("/etc/passwd").read())',
      'tryit("escape", lambda: open("/dev/../etc/passwd").read())',
    ].join('\n')
    const r = await run(probe)
    expect(stderr(r)).toBe('')
    expect(r.status).toBe('ok')
    const lines = text(r.outputs['/dev/stdout']).trim().split('\n')
    expect(lines).toHaveLength(7)
    for (const line of lines) expect(line).not.toMatch(/ ran$/)
    expect(lines).toContain('passwd FileNotFoundError')
    expect(lines).toContain('ctypes ModuleNotFoundError')
    await healthy()
  })
})
