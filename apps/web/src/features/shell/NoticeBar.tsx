import { useEffect } from 'react'
import { clearNotice, useApp } from '../../state/appStore.ts'

/** Info notices go after 5 s, errors after 12 s (or at once with ✕): an old failure never lingers. */
export function NoticeBar() {
  const notice = useApp((s) => s.notice)
  useEffect(() => {
    if (!notice) return
    const t = setTimeout(
      clearNotice,
      notice.kind === 'error' ? 12_000 : notice.action ? 8000 : 5000,
    )
    return () => clearTimeout(t)
  }, [notice])
  if (!notice) return null
  return (
    <div
      className={`notice ${notice.kind}`}
      role={notice.kind === 'error' ? 'alert' : 'status'}
      data-testid="notice"
    >
      <span>{notice.text}</span>
      {notice.action && (
        <button
          type="button"
          className="primary"
          data-testid="notice-action"
          onClick={() => {
            notice.action!.run()
            clearNotice()
          }}
        >
          {notice.action.label}
        </button>
      )}
      <button type="button" onClick={clearNotice} aria-label="Dismiss">
        ✕
      </button>
    </div>
  )
}
