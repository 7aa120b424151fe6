import { DEFAULT_EPOCH_MS, type InstanceResult } from '@zerolab/shared'
import { beforeAll, describe, expect, it } from 'vitest'
import { ensurePython, PYTHON_BUILD_TIMEOUT, pythonContext } from '../../../test/python.ts'
import { makeSpec, text, type SpecInput } from '../../../test/spec.ts'
import { runPython } from './runPython.ts'

const ctx = pythonContext()
beforeAll(ensurePython, PYTHON_BUILD_TIMEOUT)

const run = (code: string, o: Omit<SpecInput, 'code'> = {}): Promise<InstanceResult> =>
  runPython(makeSpec({ code, image: 'python', limits: { timeoutMs: 60_000 }, ...o }), ctx)

const stdout = (r: InstanceResult): string => text(r.outputs['/dev/stdout'])

describe('python image', () => {
  it('runs a script with sys.argv and os.environ as the stage passed them', async () => {
    const code = 'import sys, os, zerolab\nprint(sys.argv, dict(os.environ), zerolab.name)'
    const r = await run(code, {
      name: 'map-2',
      args: ['a', 'b c'],
      env: { LOCAL_PATH_INFO: '/x/y' },
    })
    expect(text(r.outputs['/dev/stderr'])).toBe('')
    expect(r.status).toBe('ok')
    expect(stdout(r)).toBe("['/main.py', 'a', 'b c'] {'LOCAL_PATH_INFO': '/x/y'} map-2\n")
  })

  it('reads and writes channels as files under /dev', async () => {
    const code = [
      'import os, zerolab',
      'data = open("/dev/stdin").read()',
      'open("/dev/output", "w").write(data.upper())',
      'print(sorted(os.listdir("/dev")), len(list(zerolab.lines("stdin"))))',
    ].join('\n')
    const r = await run(code, {
      stdin: 'one two\nthree\n',
      channels: [{ alias: '/dev/output', mode: 'write', kind: 'local' }],
    })
    expect(r.status).toBe('ok')
    expect(text(r.outputs['/dev/output'])).toBe('ONE TWO\nTHREE\n')
    expect(stdout(r)).toBe("['in', 'out', 'output', 'stderr', 'stdin', 'stdout'] 2\n")
  })

  it('keeps time at the job epoch and draws randomness from the job seed', async () => {
    const code = 'import time, random, os\nprint(time.time(), random.random(), os.urandom(8).hex())'
    const a = stdout(await run(code, { seed: 's1' }))
    const b = stdout(await run(code, { seed: 's1' }))
    const c = stdout(await run(code, { seed: 's2' }))
    expect(a).toBe(b)
    expect(c).not.toBe(a)
    expect(Number(a.split(' ')[0])).toBe(DEFAULT_EPOCH_MS / 1000)
  })

  it('runs the interpreter itself with its own args (file://python:python)', async () => {
    const spec = makeSpec({
      code: '',
      image: 'python',
      args: ['-c', 'import sys; print(6 * 7, sys.argv)'],
    })
    spec.program.interpreter = true
    const r = await runPython(spec, ctx)
    expect(r.status).toBe('ok')
    expect(stdout(r)).toBe("42 ['-c']\n")
  })

  it('serves the standard library read-only and nothing outside it', async () => {
    const code = [
      'import errno',
      'for p, mode in [("/lib/python3.11/os.py", "a"), ("/new.txt", "w"), ("/etc/passwd", "r")]:',
      '    try:',
      '        open(p, mode)',
      '    except OSError as e:',
      '        print(p, errno.errorcode[e.errno])',
    ].join('\n')
    const r = await run(code)
    expect(stdout(r)).toBe('/lib/python3.11/os.py EROFS\n/new.txt EROFS\n/etc/passwd ENOENT\n')
  })

  it('reports a traceback and exit code 1 for an uncaught exception', async () => {
    const r = await run('def f():\n    raise ValueError("bad")\nf()')
    expect(r.status).toBe('error')
    expect(r.exitCode).toBe(1)
    expect(text(r.outputs['/dev/stderr'])).toMatch(
      /File "\/main.py", line 2, in f\n.*ValueError: bad\n$/s,
    )
  })

  it('says how to build the interpreter when it is missing', async () => {
    const r = await runPython(makeSpec({ code: 'print(1)', image: 'python' }), { cache: new Map() })
    expect(r.status).toBe('invalid')
    expect(r.message).toMatch(/^UNAVAILABLE: .*bash scripts\/python-wasm\/build\.sh/)
  })
})
