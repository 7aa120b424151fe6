/** One instance as the timeline sees it; times are ms on any common clock. */
export interface TimelineItem {
  name: string
  group: string
  status: string
  startedAt?: number
  endedAt?: number
  /** Cluster runs: the node it ran on. */
  node?: string
}

export interface TimelineBar {
  name: string
  group: string
  status: string
  node?: string
  row: number
  /** Offset and width as fractions (0..1) of the shown span. */
  left: number
  width: number
  /** Duration in ms; undefined while the instance is still running. */
  durationMs: number | undefined
}

export interface TimelineLayout {
  bars: TimelineBar[]
  /** Instances left out because of `maxRows` (Spark's UI ran out of memory drawing them all). */
  hidden: number
  spanMs: number
  ticks: { at: number; label: string }[]
}

/** A bar never gets narrower than this, so instant instances stay visible. */
export const MIN_WIDTH = 0.004

/**
 * Lays out one bar per started instance, ordered by start time then name, against the
 * span from the first start to the last end (or `now` for instances still running).
 */
export function layoutTimeline(
  items: readonly TimelineItem[],
  now: number,
  maxRows = 200,
): TimelineLayout {
  const started = items.filter(
    (i): i is TimelineItem & { startedAt: number } => i.startedAt !== undefined,
  )
  if (started.length === 0) return { bars: [], hidden: 0, spanMs: 0, ticks: [] }
  started.sort(
    (a, b) => a.startedAt - b.startedAt || a.name.localeCompare(b.name, 'en', { numeric: true }),
  )
  const t0 = started[0]!.startedAt
  const t1 = Math.max(...started.map((i) => i.endedAt ?? Math.max(now, i.startedAt)))
  const span = Math.max(t1 - t0, 1)
  const shown = started.slice(0, maxRows)
  const bars = shown.map((i, row): TimelineBar => {
    const end = i.endedAt ?? Math.max(now, i.startedAt)
    const left = (i.startedAt - t0) / span
    const width = Math.min(
      Math.max((end - i.startedAt) / span, MIN_WIDTH),
      1 - Math.min(left, 1 - MIN_WIDTH),
    )
    const bar: TimelineBar = {
      name: i.name,
      group: i.group,
      status: i.status,
      row,
      left,
      width,
      durationMs: i.endedAt === undefined ? undefined : i.endedAt - i.startedAt,
    }
    if (i.node !== undefined) bar.node = i.node
    return bar
  })
  return { bars, hidden: started.length - shown.length, spanMs: t1 - t0, ticks: ticks(span) }
}

/** About five round ticks (1, 2 or 5 × 10^k ms) over the span. */
export function ticks(spanMs: number): { at: number; label: string }[] {
  if (spanMs <= 0) return []
  const raw = spanMs / 5
  const pow = 10 ** Math.floor(Math.log10(raw))
  const step = [1, 2, 5, 10].map((m) => m * pow).find((s) => s >= raw) ?? pow * 10
  const out: { at: number; label: string }[] = []
  for (let t = 0; t <= spanMs + 1e-9; t += step) out.push({ at: t / spanMs, label: formatMs(t) })
  return out
}

export function formatMs(ms: number): string {
  if (ms === 0) return '0'
  if (ms < 1) return `${ms.toFixed(2)} ms`
  if (ms < 1000) return `${Math.round(ms)} ms`
  return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`
}
