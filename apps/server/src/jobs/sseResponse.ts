import type { EventHub, HubEvent } from './eventHub.ts'
import { formatSse } from './eventHub.ts'

const HEARTBEAT_MS = 15_000

/**
 * A text/event-stream of one job: past events, live ones, then the end. `fallback` is sent
 * when the hub no longer holds the job (finished long ago, or before a restart).
 */
export function sseResponse(
  hub: EventHub,
  jobId: string,
  opts: { afterSeq: number; fallback: () => HubEvent[]; signal: AbortSignal },
): Response {
  const enc = new TextEncoder()
  let cleanup = (): void => {}
  const body = new ReadableStream<Uint8Array>({
    start(ctl) {
      let closed = false
      const close = (): void => {
        if (closed) return
        closed = true
        cleanup()
        try {
          ctl.close()
        } catch {
          // already closed by the client
        }
      }
      const send = (ev: HubEvent): void => {
        if (!closed) ctl.enqueue(enc.encode(formatSse(ev)))
      }
      ctl.enqueue(enc.encode(': zerolab job events\nretry: 2000\n\n'))
      if (!hub.has(jobId)) {
        for (const ev of opts.fallback()) if (ev.seq > opts.afterSeq) send(ev)
        close()
        return
      }
      const beat = setInterval(() => {
        if (!closed) ctl.enqueue(enc.encode(': keep-alive\n\n'))
      }, HEARTBEAT_MS)
      beat.unref()
      let off = (): void => {}
      const onAbort = (): void => close()
      cleanup = () => {
        clearInterval(beat)
        off()
        opts.signal.removeEventListener('abort', onAbort)
      }
      opts.signal.addEventListener('abort', onAbort, { once: true })
      off = hub.subscribe(jobId, { onEvent: send, onClose: close, afterSeq: opts.afterSeq })
      if (closed) cleanup()
    },
    cancel() {
      cleanup()
    },
  })
  return new Response(body, {
    headers: {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-cache, no-transform',
      'X-Accel-Buffering': 'no',
    },
  })
}
