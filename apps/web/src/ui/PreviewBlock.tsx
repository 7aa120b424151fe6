import { formatBytes, type Preview } from './preview.ts'

/** An object's first bytes as text or a hex dump, with a note when the rest is cut. */
export function PreviewBlock({ preview, testId }: { preview: Preview; testId?: string }) {
  if (preview.kind === 'empty') return <p className="muted">(empty)</p>
  return (
    <>
      <pre className={`zl-pre${preview.kind === 'hex' ? ' hex' : ''}`} data-testid={testId}>
        {preview.text}
      </pre>
      {preview.truncated && (
        <p className="muted">First bytes of {formatBytes(preview.total)} shown.</p>
      )}
    </>
  )
}
