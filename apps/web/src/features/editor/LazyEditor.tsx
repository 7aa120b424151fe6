import { lazy, Suspense, useEffect, useState } from 'react'
import type { MonacoEditorProps } from './MonacoEditor.tsx'

const MonacoEditor = lazy(() => import('./MonacoEditor.tsx'))

/** Set once Monaco was asked for; later editors mount it at once. */
let wanted = false
const IDLE_DELAY_MS = 600

/**
 * Monaco is big (a long parse on a slow machine), so the page first shows the text as-is and
 * loads the editor when the browser is idle after start-up, or at once on first touch.
 */
export function LazyEditor(props: MonacoEditorProps) {
  const [ready, setReady] = useState(wanted)
  useEffect(() => {
    if (ready) return
    let idle = 0
    const timer = setTimeout(() => {
      idle = requestIdleCallback(() => setReady(true), { timeout: 2000 })
    }, IDLE_DELAY_MS)
    return () => {
      clearTimeout(timer)
      cancelIdleCallback(idle)
    }
  }, [ready])
  if (ready) wanted = true

  const preview = (
    <pre
      className="editor-preview"
      tabIndex={0}
      aria-label={props.label}
      onPointerDown={() => setReady(true)}
      onFocus={() => setReady(true)}
    >
      {props.value}
    </pre>
  )
  if (!ready) return preview
  return (
    <Suspense fallback={preview}>
      <MonacoEditor {...props} />
    </Suspense>
  )
}
