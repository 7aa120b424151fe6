import { useState } from 'react'
import { JobHistory, useRuns, type InstanceView, type RunView } from '../runs/index.ts'
import { InstanceDetail } from './InstanceDetail.tsx'
import { InstanceTable } from './InstanceTable.tsx'
import { RunSummary } from './RunSummary.tsx'
import { RunsCompare } from './RunsCompare.tsx'
import { TimelineView } from './TimelineView.tsx'
import './results.css'

type Tab = 'instances' | 'timeline' | 'compare' | 'history'

const TAB_LABELS: Record<Tab, string> = {
  instances: 'Instances',
  timeline: 'Timeline',
  compare: 'Compare runs',
  history: 'Cluster history',
}

/** What to show before you pick: the first instance that failed, else the last (the reducer). */
function defaultInstance(run: RunView): InstanceView | null {
  const list = run.order.map((n) => run.instances[n]!)
  const failed = list.find((i) => i.phase !== 'ok' && i.phase !== 'queued' && i.phase !== 'running')
  return failed ?? list.at(-1) ?? null
}

export function ResultsPanel() {
  const run = useRuns((s) => s.current)
  const [tab, setTab] = useState<Tab>('instances')
  const [selected, setSelected] = useState<string | null>(null)
  const chosen = run
    ? ((selected ? run.instances[selected] : undefined) ?? defaultInstance(run))
    : null

  return (
    <section aria-label="Results" className="zl-results" data-testid="results-panel">
      <div className="zl-tabs" role="tablist">
        {(Object.keys(TAB_LABELS) as Tab[]).map((t) => (
          <button
            key={t}
            type="button"
            role="tab"
            aria-selected={tab === t}
            className={tab === t ? 'active' : ''}
            data-testid={`results-tab-${t}`}
            onClick={() => setTab(t)}
          >
            {TAB_LABELS[t]}
          </button>
        ))}
        {run && <RunSummary run={run} />}
      </div>
      <div className="zl-results-body">
        {tab === 'history' ? (
          <JobHistory onOpen={() => setTab('instances')} />
        ) : tab === 'compare' ? (
          <RunsCompare />
        ) : !run ? (
          <p className="muted">
            Run the job (▶ Run or Ctrl+Enter) to see per-instance results here.
          </p>
        ) : tab === 'timeline' ? (
          <TimelineView run={run} onSelect={(n) => (setSelected(n), setTab('instances'))} />
        ) : (
          <div className="zl-split">
            <InstanceTable run={run} selected={chosen?.name ?? null} onSelect={setSelected} />
            {chosen ? (
              <InstanceDetail instance={chosen} target={run.target} />
            ) : (
              <p className="muted zl-detail">
                Select an instance for its output, stdout/stderr and counters.
              </p>
            )}
          </div>
        )}
      </div>
    </section>
  )
}
