import { useEffect } from 'react'
import { clearNotice, useApp } from '../../state/appStore.ts'

export function NoticeBar() {
  const notice = useApp((s) => s.notice)
  useEffect(() => {
    if (!notice || notice.kind === 'error') return
    const t = setTimeout(clearNotice, 4000)
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
      <button type="button" onClick={clearNotice} aria-label="Dismiss">
        ✕
      </button>
    </div>
  )
}
