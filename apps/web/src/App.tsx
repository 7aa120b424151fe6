import { DataPanel } from './features/data/index.ts'
import { ResultsPanel } from './features/results/index.ts'
import { RunToolbar, runDesignerJob } from './features/runs/index.ts'
import { AppLayout } from './features/shell/index.ts'

const runLocal = (): void => runDesignerJob('local')

/** Composition only: the layout decides where things go, the features what they do. */
export function App() {
  return (
    <AppLayout
      onRun={runLocal}
      runToolbar={<RunToolbar />}
      dataPanel={<DataPanel />}
      resultsPanel={<ResultsPanel />}
    />
  )
}
