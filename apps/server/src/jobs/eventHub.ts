/** One server-sent event: `event:` name and a JSON `data:` payload. */
export interface HubEvent {
  /** Sequence number within the job, from 1; sent as the SSE `id:`. */
  seq: number
  type: string
  data: unknown
}

type Listener = (ev: HubEvent) => void

interface Stream {
  events: HubEvent[]
  seq: number
  listeners: Set<Listener>
  closed: boolean
  closers: Set<() => void>
  /** Keeps events for subscribers that come later (see `open`). */
  replay: boolean
}

/**
 * Progress events per job. A subscriber first gets every event so far, then live ones, then
 * `onClose` once the job is done, so a late subscriber sees the whole story.
 */
export class EventHub {
  private readonly streams = new Map<string, Stream>()
  private readonly maxEventsPerJob: number

  constructor(opts: { maxEventsPerJob?: number } = {}) {
    this.maxEventsPerJob = opts.maxEventsPerJob ?? 10_000
  }

  has(jobId: string): boolean {
    return this.streams.has(jobId)
  }

  /**
   * `replay: false` keeps no events: only subscribers already listening see them, and the
   * stream is dropped when it closes (late subscribers are served from the job's record).
   * For synchronous executions, whose caller gets the whole outcome in the answer.
   */
  open(jobId: string, opts: { replay?: boolean } = {}): void {
    if (!this.streams.has(jobId))
      this.streams.set(jobId, {
        events: [],
        seq: 0,
        listeners: new Set(),
        closed: false,
        closers: new Set(),
        replay: opts.replay ?? true,
      })
  }

  publish(jobId: string, type: string, data: unknown): void {
    const s = this.streams.get(jobId)
    if (!s || s.closed) return
    if (!s.replay && s.listeners.size === 0) {
      s.seq++
      return
    }
    const ev: HubEvent = { seq: ++s.seq, type, data }
    // Past the cap only live subscribers see progress; the final `done` is always kept.
    if (s.replay && (s.events.length < this.maxEventsPerJob || type === 'done')) s.events.push(ev)
    for (const l of s.listeners) l(ev)
  }

  /** Ends the stream: listeners get `onClose`; events stay for late subscribers until `drop`. */
  close(jobId: string): void {
    const s = this.streams.get(jobId)
    if (!s || s.closed) return
    s.closed = true
    for (const c of s.closers) c()
    s.listeners.clear()
    s.closers.clear()
    if (!s.replay) this.streams.delete(jobId)
  }

  drop(jobId: string): void {
    this.close(jobId)
    this.streams.delete(jobId)
  }

  /** Replays past events (after `afterSeq`), then follows live ones; returns an unsubscribe. */
  subscribe(
    jobId: string,
    opts: { onEvent: Listener; onClose: () => void; afterSeq?: number },
  ): () => void {
    const s = this.streams.get(jobId)
    if (!s) {
      opts.onClose()
      return () => {}
    }
    for (const ev of s.events) if (ev.seq > (opts.afterSeq ?? 0)) opts.onEvent(ev)
    if (s.closed) {
      opts.onClose()
      return () => {}
    }
    s.listeners.add(opts.onEvent)
    s.closers.add(opts.onClose)
    return () => {
      s.listeners.delete(opts.onEvent)
      s.closers.delete(opts.onClose)
    }
  }
}

/** Formats one event in the text/event-stream wire format. */
export function formatSse(ev: HubEvent): string {
  return `id: ${ev.seq}\nevent: ${ev.type}\ndata: ${JSON.stringify(ev.data)}\n\n`
}
