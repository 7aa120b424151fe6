import { describe, expect, it } from 'vitest'
import { EventHub, formatSse, type HubEvent } from './eventHub.ts'

describe('EventHub', () => {
  it('replays past events to a late subscriber, then live ones, then closes', () => {
    const hub = new EventHub()
    hub.open('j')
    hub.publish('j', 'queued', { instance: 'a' })
    const got: HubEvent[] = []
    let closed = 0
    hub.subscribe('j', { onEvent: (e) => got.push(e), onClose: () => closed++ })
    hub.publish('j', 'started', { instance: 'a' })
    hub.close('j')
    hub.publish('j', 'ignored', {})
    expect(got.map((e) => [e.seq, e.type])).toEqual([
      [1, 'queued'],
      [2, 'started'],
    ])
    expect(closed).toBe(1)
    const late: string[] = []
    let lateClosed = 0
    hub.subscribe('j', { onEvent: (e) => late.push(e.type), onClose: () => lateClosed++ })
    expect(late).toEqual(['queued', 'started'])
    expect(lateClosed).toBe(1)
  })

  it('without replay keeps nothing: live subscribers only, gone once closed', () => {
    const hub = new EventHub()
    hub.open('j', { replay: false })
    hub.publish('j', 'queued', {})
    const got: HubEvent[] = []
    hub.subscribe('j', { onEvent: (e) => got.push(e), onClose: () => {} })
    hub.publish('j', 'started', {})
    expect(got.map((e) => [e.seq, e.type])).toEqual([[2, 'started']])
    hub.close('j')
    expect(hub.has('j')).toBe(false)
  })

  it('resumes after Last-Event-ID and unsubscribes', () => {
    const hub = new EventHub()
    hub.open('j')
    hub.publish('j', 'a', 1)
    hub.publish('j', 'b', 2)
    const got: string[] = []
    const off = hub.subscribe('j', {
      onEvent: (e) => got.push(e.type),
      onClose: () => {},
      afterSeq: 1,
    })
    off()
    hub.publish('j', 'c', 3)
    expect(got).toEqual(['b'])
  })

  it('keeps the final done event past the replay cap', () => {
    const hub = new EventHub({ maxEventsPerJob: 2 })
    hub.open('j')
    for (let i = 0; i < 5; i++) hub.publish('j', 'instance-finished', { i })
    hub.publish('j', 'done', { status: 'ok' })
    hub.close('j')
    const got: HubEvent[] = []
    hub.subscribe('j', { onEvent: (e) => got.push(e), onClose: () => {} })
    expect(got.map((e) => [e.seq, e.type])).toEqual([
      [1, 'instance-finished'],
      [2, 'instance-finished'],
      [6, 'done'],
    ])
  })

  it('an unknown job closes at once', () => {
    let closed = false
    new EventHub().subscribe('nope', { onEvent: () => {}, onClose: () => (closed = true) })
    expect(closed).toBe(true)
  })

  it('formats the SSE wire format', () => {
    expect(formatSse({ seq: 3, type: 'done', data: { status: 'ok' } })).toBe(
      'id: 3\nevent: done\ndata: {"status":"ok"}\n\n',
    )
  })
})
