import { lazy, Suspense } from 'react'
import type { MonacoEditorProps } from './MonacoEditor.tsx'

const MonacoEditor = lazy(() => import('./MonacoEditor.tsx'))

/** Monaco is big; it loads on first use and the page works before it arrives. */
export function LazyEditor(props: MonacoEditorProps) {
  return (
    <Suspense fallback={<div className="editor-fallback">Loading editor…</div>}>
      <MonacoEditor {...props} />
    </Suspense>
  )
}
