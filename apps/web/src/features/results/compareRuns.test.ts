import { describe, expect, it } from 'vitest'
import type { RunView } from '../runs/index.ts'
import { compareRuns } from './compareRuns.ts'

const run = (target: 'local' | 'cluster', inst: Record<string, [string, string?]>): RunView => ({
  id: target,
  target,
  jobKey: 'k',
  phase: 'ok',
  startedAt: 0,
  endedAt: target === 'local' ? 100 : 250,
  order: Object.keys(inst),
  instances: Object.fromEntries(
    Object.entries(inst).map(([name, [phase, etag]]) => [
      name,
      {
        name,
        group: name,
        phase: phase as 'ok',
        accounting: { wallMs: 5 } as never,
        etags: etag ? { '/dev/stdout': etag } : ({} as Record<string, string>),
      },
    ]),
  ),
})

describe('compareRuns', () => {
  it('pairs instances by name and names the outputs that differ', () => {
    const c = compareRuns(
      run('local', { a: ['ok', 'e1'], b: ['ok', 'e2'], gone: ['ok', 'e3'] }),
      run('cluster', { a: ['ok', 'e1'], b: ['ok', 'x'], new: ['error'] }),
    )
    expect(c.instances.map((i) => [i.name, i.sameOutputs, i.changed])).toEqual([
      ['a', true, []],
      ['b', false, ['/dev/stdout']],
      ['gone', false, ['/dev/stdout']],
      ['new', false, []],
    ])
    expect([c.same, c.different]).toEqual([1, 3])
    expect(c.wallMs).toEqual({ a: 100, b: 250 })
    expect(c.instances[0]!.a?.wallMs).toBe(5)
  })
})
