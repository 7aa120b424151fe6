import { useEffect, useRef } from 'react'
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
  // Until the report's capture arrives, what the instance printed so far (streamed live).
  const live = i.stdout === undefined && i.stderr === undefined
  const stdout = live ? i.live?.stdout : i.stdout
  const stderr = live ? i.live?.stderr : i.stderr
  const running = i.phase === 'running' || i.phase === 'queued'
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
      <h4>
        stdout{' '}
        {live && running && (
          <span className="muted" data-testid="instance-live">
            · live
          </span>
        )}
      </h4>
      {stdout ? (
        <FollowPre text={stdout} testId="instance-stdout" live={live} />
      ) : (
        <p className="muted" data-testid="instance-stdout">
          {running ? '(running…)' : '(no output)'}
        </p>
      )}
      {stderr ? (
        <>
          <h4>stderr</h4>
          <FollowPre text={stderr} testId="instance-stderr" live={live} className="stderr" />
        </>
      ) : null}
      {i.inputs && i.inputs.length > 0 && (
        <>
          <h4>inputs</h4>
          <ul className="zl-inputs" data-testid="instance-inputs">
            {i.inputs.map((x) => (
              <li key={x.channel + x.path} className="muted">
                {x.channel} ← {x.path}
                {x.size !== undefined && ` · ${formatBytes(x.size)}`}
              </li>
            ))}
          </ul>
        </>
      )}
      {i.pipes && i.pipes.length > 0 && (
        <>
          <h4>pipes</h4>
          {i.pipes.map((p) => (
            <div key={p.channel} className="zl-output" data-testid={`instance-pipe-${p.peer}`}>
              <div className="muted">
                {p.channel} → {p.peer} · {formatBytes(p.size)}
              </div>
              {p.head && <pre className="zl-pipe-head">{p.head}</pre>}
            </div>
          ))}
        </>
      )}
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

/** Output text that stays scrolled to its end while it grows (unless scrolled up to read). */
function FollowPre({
  text,
  testId,
  live,
  className,
}: {
  text: string
  testId: string
  live: boolean
  className?: string
}) {
  const ref = useRef<HTMLPreElement>(null)
  const pinned = useRef(true)
  useEffect(() => {
    const el = ref.current
    if (el && live && pinned.current) el.scrollTop = el.scrollHeight
  }, [text, live])
  return (
    <pre
      ref={ref}
      className={className ? `zl-pre ${className}` : 'zl-pre'}
      data-testid={testId}
      data-live={live ? 'true' : undefined}
      onScroll={(e) => {
        const el = e.currentTarget
        pinned.current = el.scrollHeight - el.scrollTop - el.clientHeight < 24
      }}
    >
      {text}
    </pre>
  )
}
