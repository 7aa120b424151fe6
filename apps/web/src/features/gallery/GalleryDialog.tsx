import { useMemo, useState } from 'react'
import { notify, openJob } from '../../state/appStore.ts'
import { autoLayout } from '../graph/index.ts'
import { Dialog } from '../../ui/Dialog.tsx'
import { listExamples, loadExample } from './exampleJobs.ts'

export async function openExample(id: string, title = `${id} example`): Promise<void> {
  const job = await loadExample(id)
  openJob(job.groups.every((g) => g.ui) ? job : autoLayout(job), title)
}

export function GalleryDialog({ onClose }: { onClose: () => void }) {
  const examples = useMemo(listExamples, [])
  const [busy, setBusy] = useState(false)
  return (
    <Dialog title="Examples" onClose={onClose} testId="gallery">
      {examples.length === 0 && <p className="muted">No examples were bundled with this build.</p>}
      <div className="gallery">
        {examples.map((ex) => (
          <button
            key={ex.id}
            type="button"
            className="gallery-card"
            data-testid={`example-${ex.id}`}
            disabled={busy}
            onClick={() => {
              setBusy(true)
              openExample(ex.id)
                .then(onClose)
                .catch((e: unknown) => notify(e instanceof Error ? e.message : String(e), 'error'))
                .finally(() => setBusy(false))
            }}
          >
            <strong>{ex.title}</strong>
            <span className="muted">
              {ex.description || `${ex.stages} stage${ex.stages === 1 ? '' : 's'}`}
            </span>
          </button>
        ))}
      </div>
    </Dialog>
  )
}
