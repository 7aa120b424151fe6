import type { PointerEvent as ReactPointerEvent } from 'react'
import { dockShareAt, dockShareForKey } from './dockSplit.ts'

/** The draggable divider between canvas and dock (also moved with the arrow keys). */
export function Splitter({
  share,
  onChange,
}: {
  share: number
  onChange: (share: number) => void
}) {
  const onPointerDown = (e: ReactPointerEvent<HTMLDivElement>): void => {
    const column = e.currentTarget.parentElement
    if (!column) return
    e.currentTarget.setPointerCapture(e.pointerId)
    const rect = column.getBoundingClientRect()
    const move = (ev: PointerEvent): void =>
      onChange(dockShareAt(ev.clientY, rect.top, rect.height))
    const up = (): void => {
      window.removeEventListener('pointermove', move)
      window.removeEventListener('pointerup', up)
    }
    window.addEventListener('pointermove', move)
    window.addEventListener('pointerup', up)
  }
  return (
    <div
      className="splitter"
      role="separator"
      aria-orientation="horizontal"
      aria-label="Resize the editor panel"
      aria-valuenow={Math.round(share * 100)}
      aria-valuemin={20}
      aria-valuemax={80}
      tabIndex={0}
      data-testid="dock-splitter"
      onPointerDown={onPointerDown}
      onKeyDown={(e) => {
        const next = dockShareForKey(share, e.key)
        if (next !== null) {
          e.preventDefault()
          onChange(next)
        }
      }}
    />
  )
}
