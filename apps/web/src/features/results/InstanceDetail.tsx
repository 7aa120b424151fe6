import type { InstanceView, RunTarget } from '../runs/index.ts'
import { formatBytes } from '../../ui/preview.ts'
import { OutputPreview } from './OutputPreview.tsx'
import { formatMs } from './timeline.ts'

/** One instance: status, exit code, message, stdout/stderr, outputs with previews, CDR counters. */
export function InstanceDetail({
  instance: i,
  target,
}: {
  instance: InstanceView
  target: RunTarget
}) {
  const a = i.accounting
  return (
    <div className="zl-detail" data-testid="instance-detail">
      <h3>
        {i.name} <span className={`zl-status status-${i.phase}`}>{i.phase}</span>
        {/* An exit code means something when the program exited; "error · exit 0" did not. */}
        {i.exitCode !== undefined && (i.phase === 'ok' || i.exitCode !== 0) && (
          <span className="muted"> exit {i.exitCode}</span>
        )}
      </h3>
      {i.message && <p className="zl-error">{i.message}</p>}
      <h4>stdout</h4>
      {i.stdout ? (
        <pre className="zl-pre" data-testid="instance-stdout">
          {i.stdout}
        </pre>
      ) : (
        <p className="muted" data-testid="instance-stdout">
          {i.phase === 'running' || i.phase === 'queued' ? '(running…)' : '(no output)'}
        </p>
      )}
      {i.stderr ? (
        <>
          <h4>stderr</h4>
          <pre className="zl-pre stderr" data-testid="instance-stderr">
            {i.stderr}
          </pre>
        </>
      ) : null}
      {i.outputs && i.outputs.some((o) => o.path) && (
        <>
          <h4>outputs</h4>
          {i.outputs
            .filter((o) => o.path)
            .map((o) => (
              <div key={o.channel + o.path} className="zl-output">
                <div className="muted">
                  {o.channel} → {o.path} · {formatBytes(o.size)} · etag {o.etag}
                </div>
                <OutputPreview path={o.path!} target={target} />
              </div>
            ))}
        </>
      )}
      {a && (
        <>
          <h4>accounting</h4>
          <dl className="zl-counters" data-testid="instance-cdr">
            <dt>wall</dt>
            <dd>{formatMs(a.wallMs)}</dd>
            <dt>cpu</dt>
            <dd>{formatMs(a.cpuMs)}</dd>
            <dt>memory peak</dt>
            <dd>{formatBytes(a.memoryPeak)}</dd>
            <dt>reads</dt>
            <dd>
              {a.reads} ({formatBytes(a.readBytes)})
            </dd>
            <dt>writes</dt>
            <dd>
              {a.writes} ({formatBytes(a.writeBytes)})
            </dd>
            <dt>pipe reads</dt>
            <dd>
              {a.pipeReads} ({formatBytes(a.pipeReadBytes)})
            </dd>
            <dt>pipe writes</dt>
            <dd>
              {a.pipeWrites} ({formatBytes(a.pipeWriteBytes)})
            </dd>
          </dl>
          {i.cdr && <p className="muted">CDR: {i.cdr}</p>}
        </>
      )}
      {i.etags && Object.keys(i.etags).length > 0 && (
        <>
          <h4>ETags</h4>
          <ul className="zl-etags">
            {Object.entries(i.etags).map(([ch, e]) => (
              <li key={ch}>
                <code>{ch}</code> {e}
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  )
}
