import type { InstanceReport, JobReport } from '@zerolab/runtime'
import { cdrLine, emptyAccounting } from '@zerolab/shared'
import { describe, expect, it } from 'vitest'
import { EngineEventAdapter, reportEvents } from './engineEvents.ts'

const report = (over: Partial<InstanceReport>): InstanceReport => ({
  id: 1,
  name: 'map-1',
  group: 'map',
  status: 'ok',
  exitCode: 0,
  validation: 0,
  accounting: emptyAccounting(),
  cdr: cdrLine(emptyAccounting()),
  etags: { '/dev/stdout': 'abc' },
  outputs: [
    { device: 'output', path: 'swift://local/out/a', bytes: 3, etag: 'e', committed: true },
  ],
  stdout: 'hi\n',
  stderr: '',
  bytesIn: 0,
  bytesOut: 3,
  wallMs: 1,
  ...over,
})

describe('EngineEventAdapter', () => {
  it('passes live output on with the group of the instance', () => {
    const a = new EngineEventAdapter()
    a.map({ type: 'instance-queued', id: 1, name: 'map-1', group: 'map' }, 1)
    expect(
      a.map({ type: 'instance-output', id: 1, name: 'map-1', stream: 'stderr', text: 'warn\n' }, 2),
    ).toEqual([
      { type: 'output', at: 2, name: 'map-1', group: 'map', stream: 'stderr', text: 'warn\n' },
    ])
  })

  it('carries the node of a cluster run from live events and from the report', () => {
    const a = new EngineEventAdapter()
    a.map({ type: 'instance-queued', id: 1, name: 'map-1', group: 'map' }, 1)
    expect(a.map({ type: 'instance-started', id: 1, name: 'map-1', node: 'node2' }, 2)).toEqual([
      { type: 'started', at: 2, name: 'map-1', group: 'map', node: 'node2' },
    ])
    const [fin] = a.map(
      {
        type: 'instance-finished',
        id: 1,
        name: 'map-1',
        status: 'ok',
        exitCode: 0,
        bytesIn: 0,
        bytesOut: 0,
        wallMs: 5,
        ran: true,
        node: 'node2',
        inputLocal: true,
      },
      7,
    )
    expect(fin).toMatchObject({ result: { node: 'node2', inputLocal: true } })
    const placement = {
      node: 'node3',
      inputLocal: false,
      attempts: 2,
      bytesReadLocal: 0,
      bytesReadRemote: 3,
      bytesFromNodes: 0,
    }
    const cluster = {
      nodes: ['node3'],
      withInput: 1,
      inputLocal: 0,
      bytesReadLocal: 0,
      bytesReadRemote: 3,
      bytesBetweenNodes: 0,
      retries: 1,
    }
    const job = { status: 'ok', instances: [report({ placement })], totals: { cluster } }
    const events = reportEvents(job as unknown as JobReport, 9)
    expect(events[0]).toMatchObject({ result: { node: 'node3', inputLocal: false, attempts: 2 } })
    expect(events[1]).toMatchObject({ type: 'done', phase: 'ok', cluster })
  })

  it('remembers groups from queued events for started and finished ones', () => {
    const a = new EngineEventAdapter()
    expect(a.map({ type: 'instance-queued', id: 1, name: 'map-1', group: 'map' }, 1)).toEqual([
      { type: 'queued', at: 1, name: 'map-1', group: 'map' },
    ])
    expect(a.map({ type: 'instance-started', id: 1, name: 'map-1' }, 2)).toEqual([
      { type: 'started', at: 2, name: 'map-1', group: 'map' },
    ])
    const [fin] = a.map(
      {
        type: 'instance-finished',
        id: 1,
        name: 'map-1',
        status: 'timeout',
        exitCode: -1,
        bytesIn: 0,
        bytesOut: 0,
        wallMs: 5,
        ran: true,
      },
      7,
    )
    expect(fin).toMatchObject({
      type: 'finished',
      group: 'map',
      result: { status: 'timeout', exitCode: -1 },
    })
  })

  it('shows a cancelled instance as cancelled and a never-run one with a reason', () => {
    const a = new EngineEventAdapter()
    const base = {
      type: 'instance-finished' as const,
      id: 2,
      exitCode: -1,
      bytesIn: 0,
      bytesOut: 0,
      wallMs: 0,
    }
    expect(
      a.map({ ...base, name: 'spin', status: 'error', message: 'cancelled', ran: true }, 1)[0],
    ).toMatchObject({
      group: 'spin',
      result: { status: 'cancelled' },
    })
    expect(a.map({ ...base, name: 'reduce', status: 'error', ran: false }, 1)[0]).toMatchObject({
      result: { status: 'error', message: 'not run' },
    })
  })
})

describe('reportEvents', () => {
  it('turns a report into detailed finished events and a final done', () => {
    const r: JobReport = {
      status: 'ok',
      seed: 's',
      epochMs: 0,
      instances: [
        report({ inputs: [{ device: '/dev/stdin', path: 'swift://local/in/a.txt', bytes: 5 }] }),
      ],
      totals: {
        instances: 1,
        byStatus: { ok: 1 },
        notRun: 0,
        bytesIn: 0,
        bytesOut: 3,
        committed: 1,
        wallMs: 1,
      },
      warnings: [],
    }
    const events = reportEvents(r, 9)
    expect(events).toHaveLength(2)
    expect(events[0]).toMatchObject({
      type: 'finished',
      name: 'map-1',
      result: {
        stdout: 'hi\n',
        etags: { '/dev/stdout': 'abc' },
        outputs: [{ channel: 'output', path: 'swift://local/out/a', size: 3 }],
        inputs: [{ channel: '/dev/stdin', path: 'swift://local/in/a.txt', size: 5 }],
      },
    })
    expect(events[1]).toEqual({ type: 'done', at: 9, phase: 'ok' })
  })
})
