import { useEffect, useState } from 'react'
import type { RunView } from '../runs/index.ts'
import { formatMs, layoutTimeline } from './timeline.ts'

/** Spark-style timeline: one bar per instance from start to end, coloured by status. */
export function TimelineView({
  run,
  onSelect,
}: {
  run: RunView
  onSelect: (name: string) => void
}) {
  const running = run.endedAt === undefined
  const [now, setNow] = useState(() => performance.now())
  useEffect(() => {
    if (!running) return
    const t = setInterval(() => setNow(performance.now()), 200)
    return () => clearInterval(t)
  }, [running])
  const items = run.order.map((n) => {
    const i = run.instances[n]!
    const item: {
      name: string
      group: string
      status: string
      startedAt?: number
      endedAt?: number
      node?: string
    } = {
      name: n,
      group: i.group,
      status: i.phase,
    }
    if (i.startedAt !== undefined) item.startedAt = i.startedAt
    if (i.endedAt !== undefined) item.endedAt = i.endedAt
    if (i.node !== undefined) item.node = i.node
    return item
  })
  const layout = layoutTimeline(items, running ? now : (run.endedAt ?? now))
  if (layout.bars.length === 0) return <p className="muted">No instance has started yet.</p>
  return (
    <div className="zl-timeline" data-testid="timeline">
      <div className="zl-timeline-axis">
        {layout.ticks.map((t) => (
          <span key={t.at} style={{ left: `${t.at * 100}%` }}>
            {t.label}
          </span>
        ))}
      </div>
      {layout.bars.map((b) => (
        <div key={b.name} className="zl-timeline-row" onClick={() => onSelect(b.name)}>
          <span className="zl-timeline-name" title={b.node ? `${b.group} on ${b.node}` : b.group}>
            {b.name}
            {b.node && (
              <span className="zl-timeline-node" data-testid={`timeline-node-${b.name}`}>
                {b.node}
              </span>
            )}
          </span>
          <span className="zl-timeline-track">
            <span
              className={`zl-timeline-bar status-${b.status}`}
              data-testid={`timeline-bar-${b.name}`}
              style={{ left: `${b.left * 100}%`, width: `${b.width * 100}%` }}
              title={`${b.name}: ${b.status}${b.node ? ` on ${b.node}` : ''}${b.durationMs === undefined ? '' : `, ${formatMs(b.durationMs)}`}`}
            />
          </span>
        </div>
      ))}
      {layout.hidden > 0 && <p className="muted">{layout.hidden} more instances not drawn.</p>}
    </div>
  )
}
