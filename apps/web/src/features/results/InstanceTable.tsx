import type { RunView } from '../runs/index.ts'
import { formatBytes } from '../../ui/preview.ts'
import { formatMs } from './timeline.ts'

const MAX_ROWS = 500

export function InstanceTable({
  run,
  selected,
  onSelect,
}: {
  run: RunView
  selected: string | null
  onSelect: (name: string) => void
}) {
  const names = run.order.slice(0, MAX_ROWS)
  return (
    <div className="zl-table-wrap">
      <table className="zl-table" data-testid="instance-table">
        <thead>
          <tr>
            <th>instance</th>
            <th>status</th>
            <th>exit</th>
            <th>wall</th>
            <th>in</th>
            <th>out</th>
          </tr>
        </thead>
        <tbody>
          {names.map((name) => {
            const i = run.instances[name]!
            const a = i.accounting
            return (
              <tr
                key={name}
                className={selected === name ? 'selected' : ''}
                data-testid={`instance-${name}`}
                data-status={i.phase}
                onClick={() => onSelect(name)}
              >
                <td>{name}</td>
                <td>
                  <span className={`zl-status status-${i.phase}`}>{i.phase}</span>
                </td>
                <td>{i.exitCode ?? ''}</td>
                <td>
                  {a
                    ? formatMs(a.wallMs)
                    : i.startedAt !== undefined && i.endedAt !== undefined
                      ? formatMs(i.endedAt - i.startedAt)
                      : ''}
                </td>
                <td>{a ? formatBytes(a.readBytes + a.pipeReadBytes) : ''}</td>
                <td>{a ? formatBytes(a.writeBytes + a.pipeWriteBytes) : ''}</td>
              </tr>
            )
          })}
        </tbody>
      </table>
      {run.order.length > MAX_ROWS && (
        <p className="muted">{run.order.length - MAX_ROWS} more instances not shown.</p>
      )}
    </div>
  )
}
