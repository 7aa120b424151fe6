import { useEffect } from 'react'
import { appStore, getSnapshot, type JobSnapshot } from '../../state/appStore.ts'
import { saveDraft } from '../../state/drafts.ts'
import { leaveReasons, setLeaveReason } from '../../state/leaveGuard.ts'

const DELAY_MS = 400

/**
 * Keeps the open job in localStorage as you edit (and a list of recent jobs you edited); asks
 * before leaving only when work would be lost: a draft the browser could not store, or a run in
 * this browser still going.
 */
export function useAutosave(): void {
  useEffect(() => {
    let saved: JobSnapshot | null = null
    let seen = getSnapshot()
    let timer: ReturnType<typeof setTimeout> | null = null
    const save = (snap = getSnapshot()): void => {
      timer = null
      // Nothing is saved before the first job is opened (the draft is not read yet).
      if (appStore.get().openCount === 0) return
      if (snap === saved) return
      saved = snap
      try {
        saveDraft(
          localStorage,
          { id: snap.draftId, title: snap.title, savedAt: Date.now(), job: snap.job },
          snap.job !== snap.opened,
        )
        setLeaveReason('draft', null)
      } catch {
        setLeaveReason('draft', 'Your changes could not be saved in this browser.')
      }
    }
    const unsubscribe = appStore.subscribe(() => {
      const snap = getSnapshot()
      // Another job opened (a link, an example) before the edits to this one were saved: they are
      // saved now, so the job you left is in Recent whatever the timing.
      if (snap.draftId !== seen.draftId && timer !== null) {
        clearTimeout(timer)
        save(seen)
      }
      seen = snap
      if (timer === null && snap !== saved) timer = setTimeout(() => save(), DELAY_MS)
    })
    const flush = (): void => {
      if (timer !== null) clearTimeout(timer)
      save()
    }
    const beforeUnload = (e: BeforeUnloadEvent): void => {
      flush()
      if (leaveReasons().length === 0) return
      e.preventDefault()
      e.returnValue = ''
    }
    window.addEventListener('beforeunload', beforeUnload)
    window.addEventListener('pagehide', flush)
    return () => {
      unsubscribe()
      if (timer !== null) clearTimeout(timer)
      window.removeEventListener('beforeunload', beforeUnload)
      window.removeEventListener('pagehide', flush)
    }
  }, [])
}

/** Saves at once (Ctrl+S): the autosave would anyway, this confirms it. */
export function saveNow(): boolean {
  const snap = getSnapshot()
  try {
    saveDraft(
      localStorage,
      { id: snap.draftId, title: snap.title, savedAt: Date.now(), job: snap.job },
      true,
    )
    setLeaveReason('draft', null)
    return true
  } catch {
    setLeaveReason('draft', 'Your changes could not be saved in this browser.')
    return false
  }
}
