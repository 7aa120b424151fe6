import { inTextField } from './inTextField.ts'
import { useEffect, useRef } from 'react'
import { redoJob, undoJob } from '../../state/appStore.ts'

export interface ShortcutActions {
  run: () => void
  save: () => void
  share: () => void
}

/** Ctrl/Cmd+Enter run, +S save, +Shift+S share, +Z / +Shift+Z / +Y undo and redo of the job. */
export function useShortcuts(actions: ShortcutActions): void {
  const ref = useRef(actions)
  ref.current = actions
  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      if (!(e.ctrlKey || e.metaKey) || e.altKey) return
      const key = e.key.toLowerCase()
      if (key === 'enter') ref.current.run()
      else if (key === 's' && e.shiftKey) ref.current.share()
      else if (key === 's') ref.current.save()
      else if (inTextField(e.target))
        return // editors keep their own undo
      else if (key === 'z' && !e.shiftKey) undoJob()
      else if ((key === 'z' && e.shiftKey) || key === 'y') redoJob()
      else return
      e.preventDefault()
      // Ours, not Monaco's (its Ctrl+Enter would also insert a line) nor the browser's.
      if (key === 'enter' || key === 's') e.stopPropagation()
    }
    // Capture phase so Monaco's own Ctrl+Enter / Ctrl+S bindings do not swallow ours.
    window.addEventListener('keydown', onKey, true)
    return () => window.removeEventListener('keydown', onKey, true)
  }, [])
}
