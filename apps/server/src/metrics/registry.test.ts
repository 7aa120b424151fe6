import { describe, expect, it } from 'vitest'
import { MetricsRegistry } from './registry.ts'

describe('MetricsRegistry', () => {
  it('renders counters and gauges in the Prometheus text format', () => {
    const m = new MetricsRegistry()
    const req = m.counter('zerolab_http_requests_total', 'HTTP requests by route and status.')
    req({ route: '/api/jobs', status: '200' })
    req({ status: '200', route: '/api/jobs' })
    req({ route: '/v1/"x"', status: '404' }, 3)
    m.gauge('zerolab_queue_depth', 'Jobs waiting.', () => [{ labels: {}, value: 2 }])
    expect(m.render()).toBe(
      [
        '# HELP zerolab_http_requests_total HTTP requests by route and status.',
        '# TYPE zerolab_http_requests_total counter',
        'zerolab_http_requests_total{route="/api/jobs",status="200"} 2',
        'zerolab_http_requests_total{route="/v1/\\"x\\"",status="404"} 3',
        '# HELP zerolab_queue_depth Jobs waiting.',
        '# TYPE zerolab_queue_depth gauge',
        'zerolab_queue_depth 2',
        '',
      ].join('\n'),
    )
  })
})

describe('MetricsRegistry histograms', () => {
  it('renders cumulative buckets, sum and count', () => {
    const m = new MetricsRegistry()
    m.histogram('zerolab_event_loop_turn_ms', 'Turns.', [25, 100], () => ({
      counts: [5, 2, 1],
      sum: 321.5,
    }))
    expect(m.render()).toBe(
      [
        '# HELP zerolab_event_loop_turn_ms Turns.',
        '# TYPE zerolab_event_loop_turn_ms histogram',
        'zerolab_event_loop_turn_ms_bucket{le="25"} 5',
        'zerolab_event_loop_turn_ms_bucket{le="100"} 7',
        'zerolab_event_loop_turn_ms_bucket{le="+Inf"} 8',
        'zerolab_event_loop_turn_ms_sum 321.5',
        'zerolab_event_loop_turn_ms_count 8',
        '',
      ].join('\n'),
    )
  })
})
