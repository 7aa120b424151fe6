import type { ReactNode } from 'react'
import { setDock, useDock, type DockTab } from '../../state/appStore.ts'
import { CodeTab, JsonTab } from '../editor/index.ts'

const TABS: { id: DockTab; label: string }[] = [
  { id: 'code', label: 'Code' },
  { id: 'json', label: 'Job JSON' },
  { id: 'results', label: 'Results' },
]

export function Dock({ resultsPanel }: { resultsPanel: ReactNode }) {
  const dock = useDock()
  return (
    <section className="dock" aria-label="Editors and results">
      <div className="tabs" role="tablist">
        {TABS.map((t) => (
          <button
            key={t.id}
            type="button"
            role="tab"
            aria-selected={dock === t.id}
            data-testid={`tab-${t.id}`}
            onClick={() => setDock(t.id)}
          >
            {t.label}
          </button>
        ))}
      </div>
      <div className="dock-body" role="tabpanel">
        {dock === 'code' && <CodeTab />}
        {dock === 'json' && <JsonTab />}
        <div hidden={dock !== 'results'} style={{ height: '100%' }}>
          {resultsPanel}
        </div>
      </div>
    </section>
  )
}
