import { useState } from 'react'
import { getSnapshot, openJob } from '../../state/appStore.ts'
import { loadRecent, removeRecent, type Draft } from '../../state/drafts.ts'
import { ConfirmButton } from '../../ui/ConfirmButton.tsx'
import { Dialog } from '../../ui/Dialog.tsx'

const ago = (t: number): string => {
  const s = Math.max(0, Math.round((Date.now() - t) / 1000))
  if (s < 60) return 'just now'
  if (s < 3600) return `${Math.round(s / 60)} min ago`
  if (s < 86400) return `${Math.round(s / 3600)} h ago`
  return new Date(t).toLocaleDateString()
}

/** The jobs you edited in this browser, newest first: open one (undoable) or forget it. */
export function RecentDialog({ onClose }: { onClose: () => void }) {
  const [drafts, setDrafts] = useState<Draft[]>(() => loadRecent(localStorage))
  const current = getSnapshot().draftId
  return (
    <Dialog title="Recent jobs" onClose={onClose} testId="recent-dialog">
      {drafts.length === 0 ? (
        <p className="muted">Jobs you edit are saved in this browser as you go and listed here.</p>
      ) : (
        <ul className="recent-list">
          {drafts.map((d) => (
            <li key={d.id} data-testid="recent-entry">
              <button
                type="button"
                className="link"
                disabled={d.id === current}
                onClick={() => {
                  openJob(d.job, d.title, { draftId: d.id })
                  onClose()
                }}
              >
                {d.title}
              </button>
              <span className="muted">
                {d.job.groups.length} stage{d.job.groups.length === 1 ? '' : 's'} · {ago(d.savedAt)}
                {d.id === current ? ' · open now' : ''}
              </span>
              <ConfirmButton
                label={`Forget ${d.title}`}
                confirm="Forget?"
                onConfirm={() => {
                  removeRecent(localStorage, d.id)
                  setDrafts(loadRecent(localStorage))
                }}
              >
                ✕
              </ConfirmButton>
            </li>
          ))}
        </ul>
      )}
    </Dialog>
  )
}
