import { ENGINE_EVENT_TYPES, type JobEvent, type SseMessage } from '@zerolab/shared'
import type { EngineEventAdapter } from './engineEvents.ts'
import type { RunEvent } from './runState.ts'

/** The engine's events the server relays, with the live output of running instances. */
const ENGINE_EVENTS = new Set([...ENGINE_EVENT_TYPES, 'instance-output'])

/**
 * Maps one SSE message of `/api/jobs/:id/events` to run events. Engine progress arrives as
 * events named after the engine's event type; `job` carries the server-side status and
 * `done` ends the stream with the final status.
 */
export function clusterMessageEvents(
  m: SseMessage,
  adapter: EngineEventAdapter,
  at: number,
): { events: RunEvent[]; final?: string } {
  let data: unknown
  try {
    data = JSON.parse(m.data)
  } catch {
    return { events: [] }
  }
  if (typeof data !== 'object' || data === null) return { events: [] }
  const d = data as Record<string, unknown>
  const type = ENGINE_EVENTS.has(m.event)
    ? m.event
    : typeof d.type === 'string' && ENGINE_EVENTS.has(d.type)
      ? d.type
      : null
  if (type !== null) return { events: adapter.map({ ...d, type } as JobEvent, at) }
  if (m.event === 'done' && typeof d.status === 'string') return { events: [], final: d.status }
  return { events: [] }
}
