import type { PointerEvent as ReactPointerEvent } from 'react'
import { splitShareAt, splitShareForKey } from './dockSplit.ts'

export interface SplitterProps {
  /** `horizontal`: a row divider (drag up/down); `vertical`: a column divider. */
  orientation: 'horizontal' | 'vertical'
  /** The share of the part after (below) the divider, or before (left of) it. */
  share: number
  after: boolean
  fallback: number
  onChange: (share: number) => void
  label: string
  testId: string
}

/** A draggable divider inside its parent panel, also moved with the arrow keys. */
export function Splitter(p: SplitterProps) {
  const o = { after: p.after, fallback: p.fallback }
  const onPointerDown = (e: ReactPointerEvent<HTMLDivElement>): void => {
    const panel = e.currentTarget.parentElement
    if (!panel) return
    e.currentTarget.setPointerCapture(e.pointerId)
    const rect = panel.getBoundingClientRect()
    const move = (ev: PointerEvent): void =>
      p.onChange(
        p.orientation === 'horizontal'
          ? splitShareAt(ev.clientY, rect.top, rect.height, o)
          : splitShareAt(ev.clientX, rect.left, rect.width, o),
      )
    const up = (): void => {
      window.removeEventListener('pointermove', move)
      window.removeEventListener('pointerup', up)
    }
    window.addEventListener('pointermove', move)
    window.addEventListener('pointerup', up)
  }
  return (
    <div
      className={`splitter ${p.orientation}`}
      role="separator"
      aria-orientation={p.orientation}
      aria-label={p.label}
      aria-valuenow={Math.round(p.share * 100)}
      aria-valuemin={20}
      aria-valuemax={80}
      tabIndex={0}
      data-testid={p.testId}
      onPointerDown={onPointerDown}
      onKeyDown={(e) => {
        const next = splitShareForKey(p.share, e.key, o)
        if (next !== null) {
          e.preventDefault()
          p.onChange(next)
        }
      }}
    />
  )
}
