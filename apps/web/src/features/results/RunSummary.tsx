import { cdrLine } from '@zerolab/shared'
import { type RunView, totalAccounting, useRuns, describeDeterminism } from '../runs/index.ts'
import type { ClusterTotals } from '@zerolab/runtime'
import { formatBytes } from '../../ui/preview.ts'
import { formatMs } from './timeline.ts'

/** Status line of the current run: phase, counts, duration, CDR totals, determinism. */
export function RunSummary({ run }: { run: RunView }) {
  const determinism = useRuns((s) => s.determinism)
  const jobId = useRuns((s) => s.clusterJobId)
  const list = run.order.map((n) => run.instances[n]!)
  const ok = list.filter((i) => i.phase === 'ok').length
  const total = totalAccounting(run)
  const duration = run.endedAt === undefined ? undefined : run.endedAt - run.startedAt
  return (
    <div className="zl-run-summary">
      <span
        className={`zl-status status-${run.phase}`}
        data-testid="run-status"
        data-phase={run.phase}
      >
        {run.target === 'local' ? 'local' : 'cluster'} · {run.phase}
      </span>
      <span data-testid="run-counts">
        {ok}/{list.length} ok
      </span>
      {duration !== undefined && <span>{formatMs(duration)}</span>}
      {jobId && (
        <span className="muted">
          job <span data-testid="run-job-id">{jobId}</span>
        </span>
      )}
      {run.cluster && <ClusterLine totals={run.cluster} />}
      {total && (
        <span
          className="muted"
          title="CDR totals: cpu reads rbytes writes wbytes | pipe reads rbytes writes wbytes"
        >
          CDR {cdrLine(total)}
        </span>
      )}
      {determinism && (
        <span
          className={`zl-determinism ${determinism.kind}`}
          data-testid="determinism"
          data-kind={determinism.kind}
          title={
            determinism.kind === 'different'
              ? determinism.changes
                  .slice(0, 20)
                  .map((c) => `${c.instance} ${c.channel}: ${c.before ?? '—'} → ${c.after ?? '—'}`)
                  .join('\n')
              : undefined
          }
        >
          {describeDeterminism(determinism)}
        </span>
      )}
      {run.error && (
        <span className="zl-error" data-testid="run-error">
          {run.error}
        </span>
      )}
    </div>
  )
}

/** Where a cluster run ran: nodes, map locality, bytes that crossed between hosts. */
function ClusterLine({ totals: t }: { totals: ClusterTotals }) {
  const moved = t.bytesReadRemote + t.bytesBetweenNodes
  return (
    <span
      className="muted"
      data-testid="cluster-summary"
      title={`read on the instance's own host ${formatBytes(t.bytesReadLocal)}, through the proxy ${formatBytes(t.bytesReadRemote)}, pipes between nodes ${formatBytes(t.bytesBetweenNodes)}`}
    >
      {t.nodes.length} node{t.nodes.length === 1 ? '' : 's'}
      {t.withInput > 0 && ` · ${t.inputLocal}/${t.withInput} inputs local`}
      {` · ${formatBytes(moved)} moved between hosts`}
      {t.retries > 0 && ` · ${t.retries} rerun${t.retries === 1 ? '' : 's'}`}
    </span>
  )
}
