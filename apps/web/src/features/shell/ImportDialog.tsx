import { useState } from 'react'
import { openJob } from '../../state/appStore.ts'
import { analyzeJobText } from '../jobio/index.ts'
import { autoLayout } from '../graph/index.ts'
import { Dialog } from '../../ui/Dialog.tsx'

/** Paste or pick a ZeroCloud / ZeroLab job; errors name the JSON path. */
export function ImportDialog({ onClose }: { onClose: () => void }) {
  const [text, setText] = useState('')
  const [error, setError] = useState<string | null>(null)

  const importText = (source: string, title: string): void => {
    const a = analyzeJobText(source)
    const problem = a.problems[0]
    if (!a.job || problem) {
      setError(problem?.message ?? 'not a job')
      return
    }
    const job = a.job.groups.every((g) => g.ui) ? a.job : autoLayout(a.job)
    openJob(job, title)
    onClose()
  }

  return (
    <Dialog title="Import a job" onClose={onClose} testId="import-dialog">
      <p className="muted">
        Paste a ZeroCloud job (an array of groups) or a ZeroLab job, or choose a file.
      </p>
      <textarea
        aria-label="Job JSON to import"
        data-testid="import-text"
        value={text}
        spellCheck={false}
        onChange={(e) => {
          setText(e.target.value)
          setError(null)
        }}
      />
      {error && (
        <p className="error-text" role="alert" data-testid="import-error">
          {error}
        </p>
      )}
      <div className="toolbar-group" style={{ marginTop: 8 }}>
        <button
          type="button"
          className="primary"
          data-testid="import-submit"
          onClick={() => importText(text, 'imported job')}
        >
          Import
        </button>
        <label className="muted" style={{ marginLeft: 8 }}>
          or a file:{' '}
          <input
            type="file"
            accept=".json,application/json"
            data-testid="import-file"
            onChange={(e) => {
              const file = e.target.files?.[0]
              if (!file) return
              void file.text().then((t) => {
                setText(t)
                importText(t, file.name)
              })
            }}
          />
        </label>
      </div>
    </Dialog>
  )
}
