import { Handle, Position, type NodeProps } from '@xyflow/react'
import { memo } from 'react'
import { useApp } from '../../state/appStore.ts'
import type { GroupNode } from './jobToGraph.ts'

function JobNodeView({ data, selected }: NodeProps<GroupNode>) {
  const progress = useApp((s) => s.progress[data.name])
  const state = progress?.state ?? 'idle'
  const pct =
    progress?.total && progress.done !== undefined
      ? Math.round((progress.done / progress.total) * 100)
      : null
  return (
    <div
      className={`job-node state-${state}${selected ? ' selected' : ''}`}
      data-testid={`node-${data.name}`}
      data-state={state}
    >
      <Handle type="target" position={Position.Left} />
      <header>
        <span className={`badge image-${data.image}`}>
          {data.image === 'unknown' ? '?' : data.image}
        </span>
        <strong title={data.name}>{data.name}</strong>
        {data.fanOut && (
          <span className="fanout" title="instances of this group">
            {data.fanOut}
          </span>
        )}
      </header>
      <div className="node-line" title={data.program}>
        {data.program}
      </div>
      {data.devices.length > 0 && <div className="node-line">{data.devices.join(' · ')}</div>}
      {progress && (
        <div className="node-progress" data-testid={`node-status-${data.name}`}>
          <span className={`state-${state}`}>
            {state}
            {progress.total !== undefined && ` · ${progress.done ?? 0}/${progress.total}`}
          </span>
          {pct !== null && (
            <div className="bar">
              <div style={{ width: `${pct}%` }} />
            </div>
          )}
        </div>
      )}
      <Handle type="source" position={Position.Right} />
    </div>
  )
}

export const JobNode = memo(JobNodeView)
