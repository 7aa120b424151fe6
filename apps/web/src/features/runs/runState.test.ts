import { emptyAccounting } from '@zerolab/shared'
import { describe, expect, it } from 'vitest'
import {
  appendBounded,
  groupProgress,
  newRun,
  reduceRun,
  runEtags,
  totalAccounting,
  type RunEvent,
  type RunView,
} from './runState.ts'

const start = (): RunView => newRun({ id: 'r1', target: 'local', jobKey: 'k', at: 0 })
const apply = (events: RunEvent[], run = start()): RunView => events.reduce(reduceRun, run)
const ok = (etag: string, wallMs = 5) => ({
  status: 'ok' as const,
  exitCode: 0,
  accounting: { ...emptyAccounting(), wallMs, writes: 1, writeBytes: 10, memoryPeak: wallMs },
  etags: { '/dev/stdout': etag },
})

const wordCount: RunEvent[] = [
  {
    type: 'planned',
    at: 1,
    instances: [
      { name: 'map-1', group: 'map' },
      { name: 'map-2', group: 'map' },
      { name: 'reduce', group: 'reduce' },
    ],
  },
  { type: 'started', at: 2, name: 'map-1', group: 'map' },
  { type: 'started', at: 2, name: 'map-2', group: 'map' },
  { type: 'finished', at: 7, name: 'map-1', group: 'map', result: ok('a') },
]

describe('reduceRun', () => {
  it('tracks instances through queued, running and finished', () => {
    const run = apply(wordCount)
    expect(run.phase).toBe('running')
    expect(run.order).toEqual(['map-1', 'map-2', 'reduce'])
    expect(run.instances['map-1']).toMatchObject({
      phase: 'ok',
      startedAt: 2,
      endedAt: 7,
      exitCode: 0,
    })
    expect(run.instances['map-2']?.phase).toBe('running')
    expect(run.instances.reduce?.phase).toBe('queued')
  })

  it('does not move a finished instance back to running', () => {
    const run = apply([...wordCount, { type: 'started', at: 9, name: 'map-1', group: 'map' }])
    expect(run.instances['map-1']?.phase).toBe('ok')
  })

  it('derives a start time from the wall time when the start event was missed', () => {
    const run = apply([{ type: 'finished', at: 100, name: 'x', group: 'x', result: ok('e', 30) }])
    expect(run.instances.x).toMatchObject({ startedAt: 70, endedAt: 100 })
  })

  it('marks unfinished instances cancelled when the run is cancelled', () => {
    const run = apply([...wordCount, { type: 'done', at: 10, phase: 'cancelled' }])
    expect(run.phase).toBe('cancelled')
    expect(run.instances['map-2']).toMatchObject({ phase: 'cancelled', endedAt: 10 })
    expect(run.instances.reduce).toMatchObject({ phase: 'cancelled', endedAt: undefined })
    expect(run.instances['map-1']?.phase).toBe('ok')
  })

  it('ignores events after the run ended', () => {
    const done = apply([...wordCount, { type: 'done', at: 10, phase: 'failed', error: 'boom' }])
    expect(done.error).toBe('boom')
    expect(reduceRun(done, { type: 'started', at: 11, name: 'reduce', group: 'reduce' })).toBe(done)
  })
})

describe('groupProgress', () => {
  it('counts finished instances per group', () => {
    expect(groupProgress(apply(wordCount))).toEqual({
      map: { state: 'running', done: 1, total: 2 },
      reduce: { state: 'queued', done: 0, total: 1 },
    })
  })

  it('reports the worst final status of a finished group', () => {
    const run = apply([
      ...wordCount,
      {
        type: 'finished',
        at: 8,
        name: 'map-2',
        group: 'map',
        result: { status: 'timeout', exitCode: -1 },
      },
    ])
    expect(groupProgress(run).map).toEqual({ state: 'timeout', done: 2, total: 2 })
  })
})

describe('runEtags and totalAccounting', () => {
  it('collect outputs and sum counters', () => {
    const run = apply([
      ...wordCount,
      { type: 'finished', at: 9, name: 'map-2', group: 'map', result: ok('b', 7) },
    ])
    expect(runEtags(run)).toEqual({
      'map-1': { '/dev/stdout': 'a' },
      'map-2': { '/dev/stdout': 'b' },
    })
    expect(totalAccounting(run)).toMatchObject({
      wallMs: 12,
      writes: 2,
      writeBytes: 20,
      memoryPeak: 7,
    })
  })
})

describe('reduceRun with the final report', () => {
  it('adds detail to a finished instance without moving its times', () => {
    const run = apply([
      ...wordCount,
      {
        type: 'finished',
        at: 50,
        name: 'map-1',
        group: 'map',
        result: { ...ok('a'), stdout: 'hi\n' },
      },
    ])
    expect(run.instances['map-1']).toMatchObject({ startedAt: 2, endedAt: 7, stdout: 'hi\n' })
  })
})

describe('live output', () => {
  const out = (text: string, stream: 'stdout' | 'stderr' = 'stdout', at = 2): RunEvent => ({
    type: 'output',
    at,
    name: 'map-1',
    group: 'map',
    stream,
    text,
  })

  it('collects what a running instance prints, per stream, until the report replaces it', () => {
    const run = apply([
      { type: 'queued', at: 1, name: 'map-1', group: 'map' },
      out('first\n'),
      out('oops\n', 'stderr'),
      out('second\n', 'stdout', 3),
    ])
    const v = run.instances['map-1']!
    expect(v.phase).toBe('running')
    expect(v.live).toEqual({ stdout: 'first\nsecond\n', stderr: 'oops\n' })
    const done = apply(
      [
        {
          type: 'finished',
          at: 4,
          name: 'map-1',
          group: 'map',
          result: { ...ok('e'), stdout: 'first\nsecond\n', stderr: 'oops\n' },
        },
      ],
      run,
    )
    expect(done.instances['map-1']!.stdout).toBe('first\nsecond\n')
  })

  it('keeps only the last part of a long stream, cut at a line start', () => {
    let text = ''
    for (let i = 0; i < 100; i++) text = appendBounded(text, `line ${i}\n`, 100)
    expect(text.length).toBeLessThanOrEqual(100 + '[… earlier output not kept]\n'.length)
    expect(text.startsWith('[… earlier output not kept]\nline ')).toBe(true)
    expect(text.endsWith('line 99\n')).toBe(true)
  })
})
