import { useState, type ReactNode } from 'react'
import { setEditorTab, useEditorTab, type EditorTab } from '../../state/appStore.ts'
import { CodeTab, JsonTab } from '../editor/index.ts'
import { EDITOR_DEFAULT } from './dockSplit.ts'
import { Splitter } from './Splitter.tsx'

const TABS: { id: EditorTab; label: string }[] = [
  { id: 'code', label: 'Code' },
  { id: 'json', label: 'Job JSON' },
]

/** The bottom of the workspace: the editors and the results side by side. */
export function Dock({ resultsPanel }: { resultsPanel: ReactNode }) {
  const tab = useEditorTab()
  const [share, setShare] = useState(EDITOR_DEFAULT)
  return (
    <div
      className="dock"
      style={{ gridTemplateColumns: `minmax(0, ${share}fr) 6px minmax(0, ${1 - share}fr)` }}
    >
      <section className="dock-pane" aria-label="Editors">
        <div className="tabs" role="tablist">
          {TABS.map((t) => (
            <button
              key={t.id}
              type="button"
              role="tab"
              aria-selected={tab === t.id}
              data-testid={`tab-${t.id}`}
              onClick={() => setEditorTab(t.id)}
            >
              {t.label}
            </button>
          ))}
        </div>
        <div className="dock-body" role="tabpanel">
          {tab === 'code' ? <CodeTab /> : <JsonTab />}
        </div>
      </section>
      <Splitter
        orientation="vertical"
        share={share}
        after={false}
        fallback={EDITOR_DEFAULT}
        onChange={setShare}
        label="Resize the editor and results"
        testId="editor-splitter"
      />
      <div className="dock-pane">{resultsPanel}</div>
    </div>
  )
}
