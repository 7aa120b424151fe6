import { useCallback, useState, type FocusEvent } from 'react'

/** React Flow's key bindings, all off: none of them may act while focus is elsewhere. */
const OFF = {
  deleteKeyCode: null,
  panActivationKeyCode: null,
  selectionKeyCode: null,
  multiSelectionKeyCode: null,
  zoomActivationKeyCode: null,
} as const

const ON = {
  deleteKeyCode: ['Delete', 'Backspace'],
  panActivationKeyCode: 'Space',
  selectionKeyCode: 'Shift',
  multiSelectionKeyCode: ['Control', 'Meta'],
  zoomActivationKeyCode: ['Control', 'Meta'],
}

/**
 * React Flow listens for its keys (Space to pan, Delete, Shift, Ctrl) on the whole window and
 * calls preventDefault on them unless the target looks like an input; Monaco's EditContext div
 * does not, so typing a space in an editor was swallowed. The canvas therefore binds its keys
 * only while focus is inside it (a node, an edge, or the pane, which takes focus on click).
 */
export function useCanvasKeys() {
  const [armed, setArmed] = useState(false)
  const onFocus = useCallback(() => setArmed(true), [])
  const onBlur = useCallback((e: FocusEvent<HTMLElement>) => {
    if (!e.currentTarget.contains(e.relatedTarget as Node | null)) setArmed(false)
  }, [])
  return { armed, keys: armed ? ON : OFF, focusProps: { tabIndex: 0, onFocus, onBlur } }
}
