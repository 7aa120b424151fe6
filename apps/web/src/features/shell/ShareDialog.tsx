import { useState } from 'react'
import { Dialog } from '../../ui/Dialog.tsx'

export function ShareDialog({ url, onClose }: { url: string; onClose: () => void }) {
  const [copied, setCopied] = useState<boolean | null>(null)
  const copy = (): void => {
    navigator.clipboard
      .writeText(url)
      .then(() => setCopied(true))
      .catch(() => setCopied(false))
  }
  return (
    <Dialog title="Share this job" onClose={onClose} testId="share-dialog">
      <p className="muted">
        Anyone with this link opens the same graph, code and data references. The data itself is not
        in the link: objects in your browser store or your account stay where they are.
      </p>
      <div className="share-row">
        <input
          readOnly
          value={url}
          aria-label="Share link"
          data-testid="share-url"
          onFocus={(e) => e.target.select()}
        />
        <button type="button" className="primary" data-testid="share-copy" onClick={copy}>
          Copy
        </button>
      </div>
      {copied !== null && (
        <p className={copied ? 'muted' : 'error-text'} role="status" data-testid="share-copied">
          {copied ? 'Copied to the clipboard.' : 'Could not copy: select the link and copy it.'}
        </p>
      )}
    </Dialog>
  )
}
