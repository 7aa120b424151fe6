import { describe, expect, it } from 'vitest'
import { clusterMessageEvents } from './clusterEvents.ts'
import { EngineEventAdapter } from './engineEvents.ts'

const msg = (event: string, data: string) => ({ event, data, id: undefined })

describe('clusterMessageEvents', () => {
  it('turns the server-relayed live output of an instance into an output event', () => {
    const a = new EngineEventAdapter()
    clusterMessageEvents(msg('instance-queued', '{"id":1,"name":"spin","group":"spin"}'), a, 1)
    const r = clusterMessageEvents(
      msg('instance-output', '{"id":1,"name":"spin","stream":"stdout","text":"before\\n"}'),
      a,
      2,
    )
    expect(r.events).toEqual([
      { type: 'output', at: 2, name: 'spin', group: 'spin', stream: 'stdout', text: 'before\n' },
    ])
  })

  it('ends on done with the final status and ignores what it cannot read', () => {
    const a = new EngineEventAdapter()
    expect(clusterMessageEvents(msg('done', '{"status":"ok"}'), a, 1)).toEqual({
      events: [],
      final: 'ok',
    })
    expect(clusterMessageEvents(msg('instance-output', 'not json'), a, 1)).toEqual({
      events: [],
    })
  })
})
