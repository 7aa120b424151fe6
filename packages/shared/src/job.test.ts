import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { ZeroLabError } from './errors.ts'
import { parseJob } from './job.ts'
import { groupOrder } from './jobGraph.ts'
import { joinArgs, parseJobPath, splitArgs } from './jobPath.ts'

const wordCount = [
  {
    name: 'map',
    exec: { path: 'file://python2.7:python', args: 'mapper.py' },
    devices: [
      { name: 'python2.7' },
      { name: 'stdout' },
      { name: 'input', path: 'swift://~/mapreduce-data/*.txt' },
      { name: 'image', path: 'swift://AUTH_x/mapreduce-app/mapreduce.zapp' },
    ],
    connect: ['reduce'],
  },
  {
    name: 'reduce',
    exec: { path: 'file://python2.7:python', args: 'reducer.py' },
    devices: [
      { name: 'python2.7' },
      { name: 'stdout' },
      { name: 'image', path: 'swift://AUTH_x/mapreduce-app/mapreduce.zapp' },
    ],
  },
]

const sizeof = [
  {
    name: 'sizeof',
    exec: { path: 'swift://AUTH_admin/zerovm/sizeof.wasm', args: '1048576' },
    file_list: [
      { device: 'stdin', path: 'swift://AUTH_admin/zerovm/input.bin' },
      { device: 'stdout', path: 'swift://AUTH_admin/zerovm/output.txt' },
      { device: 'stderr' },
    ],
  },
]

function rejects(job: unknown): string {
  try {
    parseJob(job)
  } catch (e) {
    expect(e).toBeInstanceOf(ZeroLabError)
    expect((e as ZeroLabError).code).toBe('INVALID_JOB')
    return (e as ZeroLabError).message
  }
  throw new Error('accepted')
}

const g = (extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  name: 'a',
  exec: { source: 'x' },
  ...extra,
})

describe('parseJob', () => {
  it('accepts the ZeroCloud word count system.map as is', () => {
    const job = parseJob(wordCount)
    expect(job.groups.map((x) => x.name)).toEqual(['map', 'reduce'])
    expect(job.groups[0]!.exec.args).toEqual(['mapper.py'])
    expect(job.groups[0]!.connect).toEqual(['reduce'])
    expect(job.groups[0]!.count).toBe(1)
    expect(job.seed).toBe('zerolab')
  })

  it('accepts the 2014 sizeof job with file_list/device spellings', () => {
    const job = parseJob(sizeof)
    expect(job.groups[0]!.devices).toEqual([
      { name: 'stdin', path: 'swift://AUTH_admin/zerovm/input.bin' },
      { name: 'stdout', path: 'swift://AUTH_admin/zerovm/output.txt' },
      { name: 'stderr' },
    ])
    expect(job.groups[0]!.exec.args).toEqual(['1048576'])
  })

  it('accepts the object form with extensions', () => {
    const job = parseJob({
      version: 1,
      seed: 's',
      epoch: '2020-01-01T00:00:00Z',
      groups: [g({ limits: { memoryMb: 64, timeoutMs: 500 }, ui: { x: 1, y: 2 } })],
      ui: { zoom: 1 },
    })
    expect(job.epochMs).toBe(Date.UTC(2020, 0, 1))
    expect(job.groups[0]!.limits).toEqual({ memoryMb: 64, timeoutMs: 500 })
  })

  it('drops empty env values and stringifies scalars', () => {
    const job = parseJob([g({ exec: { source: 'x', env: { A: '', B: 1, C: 'c' } } })])
    expect(job.groups[0]!.exec.env).toEqual({ B: '1', C: 'c' })
  })

  it.each([
    [[g(), g()], 'groups[1].name: duplicate group name "a" (also groups[0])'],
    [[g({ connect: ['reduce'] })], 'groups[0].connect[0]: unknown group "reduce"'],
    [[g({ count: 0 })], 'groups[0].count: Too small: expected number to be >0'],
    [[g({ count: 1.5 })], 'groups[0].count: Invalid input: expected int, received number'],
    [[g({ replicate: 4 })], 'groups[0].replicate: Too big: expected number to be <=3'],
    [[g({ devices: [{ name: 'foo' }] })], 'groups[0].devices[0].name: unknown device "foo"'],
    [[g({ file_list: [{ path: 'swift://a/b/c' }] })], 'groups[0].file_list[0].name: required'],
    [
      [g({ devices: [{ name: 'input' }] })],
      'groups[0].devices[0].path: device "input" needs a path',
    ],
    [
      [g({ devices: [{ name: 'stdout' }, { name: 'stdout' }] })],
      'groups[0].devices[1].name: duplicate device',
    ],
    [
      [g({ devices: [{ name: 'stdout', path: 'zvm://nope:stdin' }] })],
      'groups[0].devices[0].path: unknown zvm:// node "nope"',
    ],
    [
      [g({ devices: [{ name: 'stdin', path: 'zvm://a:stdin' }] })],
      'zvm:// routes a writable device',
    ],
    [
      [g({ devices: [{ name: 'output', path: 'swift://~/c' }] })],
      'a writable device needs an object',
    ],
    [
      [g({ devices: [{ name: 'input', path: 'swift://a*/c/o' }] })],
      'wildcard not allowed in the account',
    ],
    [[g({ devices: [{ name: 'input', path: 'http://x' }] })], 'unknown scheme "http://"'],
    [
      [g({ exec: { path: 'zvm://a:stdin' } })],
      'groups[0].exec.path: zvm:// is not allowed for exec.path',
    ],
    [[g({ exec: {} })], 'groups[0].exec: needs path or source'],
    [[g({ attach: 'input' })], 'groups[0].attach: "input" is neither "default" nor a device'],
    [[g({ exec: { source: 'x', env: { 'A B': 'x' } } })], 'groups[0].exec.env: bad variable name'],
    [[g({ name: 'a/b' })], 'groups[0].name: control characters'],
    [[], 'groups: Too small'],
    [{ groups: [g({ exec: 3 })] }, 'groups[0].exec: Invalid input'],
    ['nope', '$: a job is an array of groups'],
  ])('rejects %j', (job, text) => {
    expect(rejects(job)).toContain(text)
  })

  it('rejects cycles before running, including a group connected to itself', () => {
    const self = parseJob([g({ count: 2, connect: ['a'] })])
    expect(() => groupOrder(self)).toThrow('groups[0].connect[0]: cycle a → a')
    const loop = parseJob([g({ connect: ['b'] }), { ...g({ connect: ['a'] }), name: 'b' }])
    expect(() => groupOrder(loop)).toThrow('groups[1].connect[0]: cycle a → b → a')
    expect(groupOrder(parseJob(wordCount))).toEqual([0, 1])
  })

  it('never crashes or hangs on random input: ok, INVALID_JOB or LIMIT_EXCEEDED with a path', () => {
    const anyJob = fc.oneof(
      fc.anything(),
      fc.array(
        fc.dictionary(
          fc.constantFrom(
            'name',
            'exec',
            'devices',
            'count',
            'connect',
            'attach',
            'replicate',
            'file_list',
          ),
          fc.anything(),
        ),
      ),
      fc.array(
        fc.record(
          {
            name: fc.constantFrom('a', 'b', 'c', ''),
            exec: fc.record(
              { source: fc.string(), args: fc.oneof(fc.string(), fc.array(fc.string())) },
              { requiredKeys: [] },
            ),
            devices: fc.array(
              fc.record(
                {
                  name: fc.constantFrom('stdin', 'stdout', 'input', 'output', 'x'),
                  path: fc.oneof(
                    fc.constant('swift://~/c/*.txt'),
                    fc.constant('zvm://b:stdin'),
                    fc.string(),
                  ),
                },
                { requiredKeys: ['name'] },
              ),
            ),
            connect: fc.array(fc.constantFrom('a', 'b', 'c', 'd')),
            count: fc.oneof(fc.integer({ min: -2, max: 5 }), fc.double()),
          },
          { requiredKeys: ['name'] },
        ),
      ),
    )
    fc.assert(
      fc.property(anyJob, (job) => {
        try {
          parseJob(job)
        } catch (e) {
          if (!(e instanceof ZeroLabError)) throw e
          if (e.code !== 'INVALID_JOB' && e.code !== 'LIMIT_EXCEEDED') throw e
          expect(e.path).toBeTypeOf('string')
          expect(e.message.startsWith(`${e.path}: `)).toBe(true)
        }
      }),
      { numRuns: 500 },
    )
  })
})

describe('paths and args', () => {
  it('parses every scheme', () => {
    expect(parseJobPath('swift://~/data/*.txt')).toEqual({
      scheme: 'swift',
      account: '~',
      container: 'data',
      object: '*.txt',
    })
    expect(parseJobPath('swift://acct/cont')).toEqual({
      scheme: 'swift',
      account: 'acct',
      container: 'cont',
    })
    expect(parseJobPath('file://python2.7:python')).toEqual({
      scheme: 'file',
      image: 'python2.7',
      path: 'python',
    })
    expect(parseJobPath('zvm://reduce:stdin')).toEqual({
      scheme: 'zvm',
      node: 'reduce',
      device: 'stdin',
    })
  })

  it('splits args on whitespace and decodes \\xNN escapes (zpm style)', () => {
    expect(splitArgs('  -n 5\tfoo\\x20bar \\xc3\\xa9 ')).toEqual(['-n', '5', 'foo bar', 'é'])
    fc.assert(
      fc.property(fc.array(fc.string({ minLength: 1 })), (argv) => {
        expect(splitArgs(joinArgs(argv))).toEqual(argv)
      }),
    )
  })
})
