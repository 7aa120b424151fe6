import { JOB_CAPS } from '@zerolab/shared'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  api,
  encodeJob,
  errorOf,
  execute,
  expectNormalJobRuns,
  expectResponsive,
  openTarget,
  underAttack,
  type Target,
} from './attack.ts'

/**
 * Hostile requests against a real server: jobs that ask for too much of something, and
 * wildcards built to make a backtracking matcher run for ever. Each ends in a clear 4xx
 * naming the JSON path (and for caps the cap and the asked value) while /api/health keeps
 * answering and another account's job still runs.
 */
let t: Target
const js = { source: "console.log('x')" }

beforeAll(async () => {
  t = await openTarget({ jobCaps: { ...JOB_CAPS, maxInstances: 200, maxWildcardScan: 5000 } })
  await t.h.put(t.h.admin.who, 'bomb', {
    [`${'a'.repeat(150)}`]: 'x',
    [`${'a'.repeat(151)}`]: 'x',
    [`${'a'.repeat(1000)}`]: 'x',
  })
  const many: Record<string, string> = {}
  for (let i = 0; i < 300; i++) many[`obj-${String(i).padStart(3, '0')}`] = String(i)
  await t.h.put(t.h.admin.who, 'many', many)
})
afterAll(() => t?.close())

const g = (extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  name: 'a',
  exec: js,
  ...extra,
})

describe('hostile job shapes (bounds before work)', () => {
  it('a 90-byte job with count 10,000,000 is refused at once, on both surfaces', async () => {
    const job = [{ name: 'x', exec: { source: '1' }, count: 10_000_000 }]
    expect(JSON.stringify(job).length).toBeLessThan(90)
    const a = await underAttack(t, () => api(t, 'POST', '/api/jobs', { body: job }))
    expect(a.result.status).toBe(422)
    expect(errorOf(a.result)).toMatchObject({
      code: 'LIMIT_EXCEEDED',
      path: 'groups[0].count',
      limit: { cap: 200, asked: 10_000_000 },
    })
    expectResponsive(a, 'count 1e7')
    const r = await execute(t, job)
    expect(r.status).toBe(422)
    expect(r.headers.get('x-error-code')).toBe('LIMIT_EXCEEDED')
    expect(r.headers.get('x-error-path')).toBe(encodeURIComponent('groups[0].count'))
    expect(await r.text()).toBe('groups[0].count: 10000000 instances asked, the cap is 200')
    await expectNormalJobRuns(t)
  })

  it('a 3000 × 3000 connect is refused before any pipe is wired', async () => {
    const job = [
      g({ name: 'm', count: 100, connect: ['r'] }),
      g({ name: 'r', count: 100 }),
      g({ name: 's', connect: ['s'], count: 3 }),
    ]
    const capped = await openTarget({ jobCaps: { ...JOB_CAPS, maxPipes: 5000 } })
    try {
      const a = await underAttack(capped, () => api(capped, 'POST', '/api/jobs', { body: job }))
      expect(a.result.status).toBe(422)
      expect(errorOf(a.result)).toMatchObject({
        path: 'groups[0].connect[0]',
        limit: { cap: 5000, asked: 10_000 },
      })
      expectResponsive(a, 'connect')
      const big = [g({ name: 'm', count: 3000, connect: ['r'] }), g({ name: 'r', count: 3000 })]
      expect((await api(t, 'POST', '/api/jobs', { body: big })).status).toBe(422)
    } finally {
      await capped.close()
    }
  })

  it('wildcard fan-out past the instance cap stops listing and names the device', async () => {
    const job = [g({ devices: [{ name: 'input', path: 'swift://~/many/obj-*' }] })]
    const a = await underAttack(t, () => execute(t, job))
    expect(a.result.status).toBe(422)
    expect(a.result.headers.get('x-error-path')).toBe(
      encodeURIComponent('groups[0].devices[0].path'),
    )
    expect(await a.result.text()).toMatch(
      /201 instances in the job \(at least\) asked, the cap is 200/,
    )
    expectResponsive(a, 'wildcard fan-out')
  })

  it('other huge fields each get a 422 naming their JSON path', async () => {
    const big = (n: number): string => 'x'.repeat(n)
    // Encoded up front: the documents become garbage before any attack starts.
    const cases = (
      [
        [Array.from({ length: 5000 }, (_, i) => g({ name: `g${i}` })), 'groups'],
        [
          [g({ devices: Array.from({ length: 5000 }, () => ({ name: 'stdout' })) })],
          'groups[0].devices',
        ],
        [
          [g({ exec: { ...js, args: Array.from({ length: 100_000 }, () => 'a') } })],
          'groups[0].exec.args',
        ],
        [
          [
            g({
              exec: {
                ...js,
                env: Object.fromEntries(Array.from({ length: 50_000 }, (_, i) => [`K${i}`, '1'])),
              },
            }),
          ],
          'groups[0].exec.env',
        ],
        [[g({ name: big(1_000_000) })], 'groups[0].name'],
        [
          [g({ devices: [{ name: 'input', path: `swift://~/c/${big(1_000_000)}` }] })],
          'groups[0].devices[0].path',
        ],
        [
          [
            g({
              devices: [
                {
                  name: 'stdout',
                  meta: Object.fromEntries(
                    Array.from({ length: 10_000 }, (_, i) => [`k${i}`, 'v']),
                  ),
                },
              ],
            }),
          ],
          'groups[0].devices[0].meta',
        ],
        [[g({ connect: Array.from({ length: 10_000 }, () => 'a') })], 'groups[0].connect'],
        [
          [g({ devices: [{ name: 'input', path: `swift://~/c/${'*a'.repeat(1000)}` }] })],
          'groups[0].devices[0].path',
        ],
        [{ seed: big(100_000), groups: [g()] }, 'seed'],
      ] as [unknown, string][]
    ).map(([job, path]) => [encodeJob(job), path] as const)
    for (const [raw, path] of cases) {
      const a = await underAttack(t, () => api(t, 'POST', '/api/jobs', { raw }))
      expect(a.result.status, path).toBe(422)
      expect(errorOf(a.result).code).toBe('LIMIT_EXCEEDED')
      expect(errorOf(a.result).path).toBe(path)
      expectResponsive(a, path)
    }
    await expectNormalJobRuns(t)
  })

  it('oversized bodies are refused while they stream in (413)', async () => {
    const huge = encodeJob([g({ exec: { source: 'x'.repeat(5 * 1024 * 1024) } })])
    const a = await underAttack(t, () => api(t, 'POST', '/api/jobs', { raw: huge }))
    expect(a.result.status).toBe(413)
    expectResponsive(a, 'huge body')
    const r = await execute(t, JSON.stringify([g({ exec: { source: 'x'.repeat(70_000) } })]))
    expect(r.status).toBe(413)
  })
})

describe('hostile wildcards (linear-time glob)', () => {
  // Against a backtracking regex, `*a*a*a*a*b` over names of 150 `a`s stalled a server 15 s;
  // longer names or more stars, for ever.
  const shapes = [
    'swift://~/bomb/*a*a*a*a*b',
    `swift://~/bomb/${'*a'.repeat(15)}*b`,
    'swift://~/bomb/****************b',
    'swift://~/bomb/a*a*a*a*a*a*a*a*aab',
    'swift://~/*o*o*o*o*o*o*o*x/*',
    'swift://~/b*m*/*a*a*a*a*a*a*a*a*a*a*a*a*c',
  ]
  for (const path of shapes) {
    it(`${path} ends at once in NO_MATCH`, async () => {
      const job = [g({ devices: [{ name: 'input', path }] })]
      const a = await underAttack(t, () => execute(t, job))
      expect(a.result.status).toBe(422)
      expect(a.result.headers.get('x-error-code')).toBe('NO_MATCH')
      expectResponsive(a, path)
    })
  }

  it('a bomb that does match still expands in linear time, one instance per object', async () => {
    const job = [
      {
        name: 'm',
        exec: { source: 'console.log(zerolab.env.LOCAL_PATH_INFO.length)' },
        devices: [{ name: 'input', path: 'swift://~/bomb/*a*a*a*a*a' }, { name: 'stdout' }],
      },
    ]
    const a = await underAttack(t, () => execute(t, job))
    expect(a.result.status).toBe(200)
    expect(a.result.headers.get('x-nexe-system')).toBe('m-1,m-2,m-3')
    expectResponsive(a, 'matching bomb')
    await expectNormalJobRuns(t)
  })
})
