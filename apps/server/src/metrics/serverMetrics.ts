import { LOOP_BUCKETS_MS, type LoopMonitor } from './loopMonitor.ts'
import { MetricsRegistry } from './registry.ts'

/** Low-cardinality route label for a request path (object names never become labels). */
export function routeLabel(method: string, path: string, execute: boolean): string {
  if (path === '/metrics') return '/metrics'
  if (path.startsWith('/api/')) {
    const p = path.split('/').filter(Boolean)
    if (p[1] === 'jobs') {
      if (p.length === 2) return '/api/jobs'
      if (p.length === 3) return '/api/jobs/:id'
      if (p.length === 4 && p[3] === 'events') return '/api/jobs/:id/events'
    }
    if (p[1] === 'shares') return p.length === 2 ? '/api/shares' : '/api/shares/:id'
    if (p[1] === 'health') return '/api/health'
    return '/api/other'
  }
  if (path.startsWith('/auth')) return '/auth'
  if (path.startsWith('/v1/')) {
    if (execute) return 'zerocloud_execute'
    const depth = path.split('/').filter(Boolean).length
    return depth <= 2 ? 'swift_account' : depth === 3 ? 'swift_container' : 'swift_object'
  }
  return method === 'GET' ? 'static' : 'other'
}

/** The counters the server exposes at /metrics; gauges are wired by whoever owns the state. */
export class ServerMetrics {
  readonly registry = new MetricsRegistry()
  readonly request = this.registry.counter(
    'zerolab_http_requests_total',
    'HTTP requests by route and status.',
  )
  readonly jobsFinished = this.registry.counter(
    'zerolab_jobs_finished_total',
    'Jobs finished, by final status.',
  )
  readonly instances = this.registry.counter(
    'zerolab_instances_total',
    'Instances run, by instance status.',
  )
  readonly bytes = this.registry.counter(
    'zerolab_instance_bytes_total',
    'Bytes instances read and wrote (direction=read|write, kind=local|pipe).',
  )
  readonly rejected = this.registry.counter(
    'zerolab_jobs_rejected_total',
    'Jobs refused because the queue was full, by HTTP status.',
  )

  constructor(loop?: LoopMonitor) {
    if (loop) {
      this.registry.histogram(
        'zerolab_event_loop_turn_ms',
        `Event-loop turns by length less the time the thread waited for a CPU (${loop.clock}), ms.`,
        LOOP_BUCKETS_MS,
        () => ({ counts: loop.counts, sum: loop.sumTurnMs }),
      )
      this.registry.gauge(
        'zerolab_event_loop_turn_max_ms',
        'The longest event-loop turn since the server started, ms.',
        () => [{ labels: {}, value: loop.maxTurnMs }],
      )
    }
    this.registry.gauge(
      'zerolab_process_memory_bytes',
      'Server process memory (kind=rss|heap_total|heap_used|external|array_buffers).',
      () => {
        const m = process.memoryUsage()
        return [
          { labels: { kind: 'rss' }, value: m.rss },
          { labels: { kind: 'heap_total' }, value: m.heapTotal },
          { labels: { kind: 'heap_used' }, value: m.heapUsed },
          { labels: { kind: 'external' }, value: m.external },
          { labels: { kind: 'array_buffers' }, value: m.arrayBuffers },
        ]
      },
    )
  }
}
