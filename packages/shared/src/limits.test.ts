import { describe, expect, it } from 'vitest'
import { ZeroLabError } from './errors.ts'
import { parseJob } from './job.ts'
import { JOB_CAPS, utf8Length } from './limits.ts'

const g = (extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  name: 'a',
  exec: { source: 'x' },
  ...extra,
})

/** The LIMIT_EXCEEDED a job is rejected with. */
function over(job: unknown): ZeroLabError {
  try {
    parseJob(job)
  } catch (e) {
    expect(e).toBeInstanceOf(ZeroLabError)
    const err = e as ZeroLabError
    expect(err.code).toBe('LIMIT_EXCEEDED')
    expect(err.status).toBe(422)
    expect(err.message.startsWith(`${err.path}: `)).toBe(true)
    expect(err.message).toContain(`the cap is ${err.limit!.cap}`)
    expect(err.message).toContain(String(err.limit!.asked))
    return err
  }
  throw new Error('accepted')
}

describe('job caps', () => {
  it('rejects a huge count before building anything', () => {
    const e = over([g({ count: 10_000_000 })])
    expect(e.path).toBe('groups[0].count')
    expect(e.limit).toEqual({ cap: JOB_CAPS.maxInstances, asked: 10_000_000 })
  })

  it('adds counts over the job', () => {
    const e = over([g({ count: 6000 }), g({ name: 'b', count: 6000 })])
    expect(e.path).toBe('groups[1].count')
    expect(e.limit!.asked).toBe(12_000)
  })

  it('counts connect pipes as sources × destinations', () => {
    const e = over([g({ count: 3000, connect: ['b'] }), g({ name: 'b', count: 3000 })])
    expect(e.path).toBe('groups[0].connect[0]')
    expect(e.limit).toEqual({ cap: JOB_CAPS.maxPipes, asked: 9_000_000 })
    const self = over([g({ count: 1000, connect: ['a'] })])
    expect(self.limit!.asked).toBe(1000 * 999)
  })

  it('does not take a writable wildcard for a readable one (count still counts)', () => {
    const e = over([g({ count: 20_000, devices: [{ name: 'output', path: 'swift://~/o/*' }] })])
    expect(e.path).toBe('groups[0].count')
    // A readable wildcard ignores count: its matches are capped at expansion.
    expect(() =>
      parseJob([g({ count: 20_000, devices: [{ name: 'input', path: 'swift://~/i/*' }] })]),
    ).not.toThrow()
  })

  it('caps every other size a job can ask for, naming the JSON path', () => {
    const big = (n: number): string => 'x'.repeat(n)
    const cases: [unknown, string][] = [
      [Array.from({ length: 300 }, (_, i) => g({ name: `g${i}` })), 'groups'],
      [
        [g({ devices: Array.from({ length: 17 }, () => ({ name: 'stdout' })) })],
        'groups[0].devices',
      ],
      [
        [g({ file_list: Array.from({ length: 17 }, () => ({ name: 'stdout' })) })],
        'groups[0].file_list',
      ],
      [[g({ connect: Array.from({ length: 257 }, () => 'a') })], 'groups[0].connect'],
      [[g({ name: big(257) })], 'groups[0].name'],
      [[g({ exec: { source: 'x', name: big(300) } })], 'groups[0].exec.name'],
      [[g({ exec: { path: `swift://~/c/${big(3000)}` } })], 'groups[0].exec.path'],
      [
        [g({ devices: [{ name: 'input', path: `swift://~/c/${'*a'.repeat(17)}` }] })],
        'groups[0].devices[0].path',
      ],
      [
        [g({ exec: { source: 'x', args: Array.from({ length: 1025 }, () => 'a') } })],
        'groups[0].exec.args',
      ],
      [[g({ exec: { source: 'x', args: 'a '.repeat(1025) } })], 'groups[0].exec.args'],
      [[g({ exec: { source: 'x', args: big(70_000) } })], 'groups[0].exec'],
      [
        [
          g({
            exec: {
              source: 'x',
              env: Object.fromEntries(Array.from({ length: 1025 }, (_, i) => [`K${i}`, 'v'])),
            },
          }),
        ],
        'groups[0].exec.env',
      ],
      [[g({ exec: { source: 'x', env: { K: big(70_000) } } })], 'groups[0].exec'],
      [[g({ exec: { source: big(JOB_CAPS.maxSourceBytes + 1) } })], 'groups[0].exec.source'],
      [
        [
          g({
            devices: [
              {
                name: 'stdout',
                meta: Object.fromEntries(Array.from({ length: 91 }, (_, i) => [`k${i}`, 'v'])),
              },
            ],
          }),
        ],
        'groups[0].devices[0].meta',
      ],
      [
        [g({ devices: [{ name: 'stdout', content_type: big(5000) }] })],
        'groups[0].devices[0].meta',
      ],
      [{ seed: big(300), groups: [g()] }, 'seed'],
    ]
    for (const [job, path] of cases) expect(over(job).path, path).toBe(path)
  })

  it('counts UTF-8 bytes', () => {
    expect(utf8Length('aé€😀')).toBe(1 + 2 + 3 + 4)
    expect(over([g({ name: 'é'.repeat(129) })]).limit).toEqual({ cap: 256, asked: 258 })
  })

  it('accepts jobs at the caps', () => {
    expect(parseJob([g({ count: JOB_CAPS.maxInstances })]).groups[0]!.count).toBe(10_000)
  })
})
