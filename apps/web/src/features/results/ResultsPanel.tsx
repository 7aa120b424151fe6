import { useState } from 'react'
import { JobHistory, useRuns } from '../runs/index.ts'
import { InstanceDetail } from './InstanceDetail.tsx'
import { InstanceTable } from './InstanceTable.tsx'
import { RunSummary } from './RunSummary.tsx'
import { TimelineView } from './TimelineView.tsx'
import './results.css'

type Tab = 'instances' | 'timeline' | 'history'

export function ResultsPanel() {
  const run = useRuns((s) => s.current)
  const [tab, setTab] = useState<Tab>('instances')
  const [selected, setSelected] = useState<string | null>(null)
  const chosen = run && selected && run.instances[selected] ? run.instances[selected] : null

  return (
    <section aria-label="Results" className="zl-results" data-testid="results-panel">
      <div className="zl-tabs" role="tablist">
        {(['instances', 'timeline', 'history'] as const).map((t) => (
          <button
            key={t}
            type="button"
            role="tab"
            aria-selected={tab === t}
            className={tab === t ? 'active' : ''}
            data-testid={`results-tab-${t}`}
            onClick={() => setTab(t)}
          >
            {t === 'instances' ? 'Instances' : t === 'timeline' ? 'Timeline' : 'Cluster history'}
          </button>
        ))}
        {run && <RunSummary run={run} />}
      </div>
      <div className="zl-results-body">
        {tab === 'history' ? (
          <JobHistory onOpen={() => setTab('instances')} />
        ) : !run ? (
          <p className="muted">
            Run the job (▶ Run or Ctrl+Enter) to see per-instance results here.
          </p>
        ) : tab === 'timeline' ? (
          <TimelineView run={run} onSelect={(n) => (setSelected(n), setTab('instances'))} />
        ) : (
          <div className="zl-split">
            <InstanceTable run={run} selected={selected} onSelect={setSelected} />
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
