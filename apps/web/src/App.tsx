import { DataPanel } from './features/data/index.ts'
import { ResultsPanel } from './features/results/index.ts'
import { RunToolbar } from './features/runs/index.ts'
import { AppLayout } from './features/shell/AppLayout.tsx'

/** Composition only: the layout decides where things go, the features what they do. */
export function App() {
  return (
    <AppLayout
      runToolbar={<RunToolbar />}
      dataPanel={<DataPanel />}
      resultsPanel={<ResultsPanel />}
    />
  )
}
