import type { InstanceView, RunView } from '../runs/index.ts'
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
  // Cluster runs say where each instance ran, and whether its input object was on that host.
  const nodes = names.some((n) => run.instances[n]!.node !== undefined)
  return (
    <div className="zl-table-wrap">
      <table className="zl-table" data-testid="instance-table">
        <thead>
          <tr>
            <th>instance</th>
            <th>status</th>
            {nodes && <th>node</th>}
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
                {nodes && (
                  <td data-testid={`instance-node-${name}`} title={placementTitle(i)}>
                    {i.node ?? ''}
                    {i.inputLocal !== undefined && (
                      <span className={`zl-locality ${i.inputLocal ? 'local' : 'remote'}`}>
                        {i.inputLocal ? ' local' : ' remote'}
                      </span>
                    )}
                  </td>
                )}
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

function placementTitle(i: InstanceView): string | undefined {
  if (i.node === undefined) return undefined
  const where =
    i.inputLocal === undefined
      ? ''
      : i.inputLocal
        ? ', its input object on the same host'
        : ', its input object read from another host'
  const tries = i.attempts !== undefined && i.attempts > 1 ? `, after ${i.attempts} attempts` : ''
  return `ran on ${i.node}${where}${tries}`
}
