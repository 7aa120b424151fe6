import { Dialog } from '../../ui/Dialog.tsx'

export function ShareDialog({ url, onClose }: { url: string; onClose: () => void }) {
  return (
    <Dialog title="Share this job" onClose={onClose} testId="share-dialog">
      <p className="muted">Anyone with this link opens the same graph, code and data references.</p>
      <input
        readOnly
        value={url}
        aria-label="Share link"
        data-testid="share-url"
        style={{ width: '100%' }}
        onFocus={(e) => e.target.select()}
      />
    </Dialog>
  )
}
