import { useEffect, useState, type ReactNode } from 'react'

/**
 * A destructive button that asks first: the first click turns it into "Delete?" (or `confirm`),
 * a second click within a few seconds does it. Escape or time resets it.
 */
export function ConfirmButton(props: {
  onConfirm: () => void
  children: ReactNode
  confirm?: string
  label: string
  testId?: string
  className?: string
}) {
  const [armed, setArmed] = useState(false)
  useEffect(() => {
    if (!armed) return
    const t = setTimeout(() => setArmed(false), 4000)
    return () => clearTimeout(t)
  }, [armed])
  return (
    <button
      type="button"
      className={`${props.className ?? ''}${armed ? ' danger' : ''}`}
      aria-label={armed ? `Confirm: ${props.label}` : props.label}
      title={armed ? 'Click again to confirm' : props.label}
      data-testid={props.testId}
      data-armed={armed || undefined}
      onKeyDown={(e) => e.key === 'Escape' && setArmed(false)}
      onBlur={() => setArmed(false)}
      onClick={() => {
        if (!armed) return setArmed(true)
        setArmed(false)
        props.onConfirm()
      }}
    >
      {armed ? (props.confirm ?? 'Delete?') : props.children}
    </button>
  )
}
