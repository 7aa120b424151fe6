import { useState } from 'react'
import { ClusterBrowser } from './ClusterBrowser.tsx'
import { LocalBrowser } from './LocalBrowser.tsx'
import './data.css'

/** Objects the job reads and writes: the browser store (local runs) or the server's (cluster). */
export function DataPanel() {
  const [where, setWhere] = useState<'local' | 'cluster'>('local')
  return (
    <section className="panel-section zl-data" aria-label="Data" data-testid="data-panel">
      <div className="zl-data-head">
        <h2>Data</h2>
        <div className="zl-tabs small" role="tablist">
          <button
            type="button"
            role="tab"
            aria-selected={where === 'local'}
            className={where === 'local' ? 'active' : ''}
            data-testid="data-tab-local"
            onClick={() => setWhere('local')}
          >
            Browser
          </button>
          <button
            type="button"
            role="tab"
            aria-selected={where === 'cluster'}
            className={where === 'cluster' ? 'active' : ''}
            data-testid="data-tab-cluster"
            onClick={() => setWhere('cluster')}
          >
            Cluster
          </button>
        </div>
      </div>
      {where === 'local' ? <LocalBrowser /> : <ClusterBrowser />}
    </section>
  )
}
