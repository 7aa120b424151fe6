import { useEffect } from 'react'
import { notify, openJob } from '../../state/appStore.ts'
import { loadCurrent } from '../../state/drafts.ts'
import type { JobDocument } from '../../state/jobDocument.ts'
import { autoLayout } from '../graph/index.ts'
import { loadSharedJob } from '../share/index.ts'
import { helloJob } from './jobActions.ts'

const laidOut = (job: JobDocument): JobDocument =>
  job.groups.every((g) => g.ui) ? job : autoLayout(job)

/** Drops a share link from the address bar, so a reload opens the draft, not the link again. */
function forgetShareLink(): void {
  if (location.hash.length > 1 || location.pathname.startsWith('/s/'))
    history.replaceState(history.state, '', `/${location.search}`)
}

/**
 * Opens the autosaved draft (else a hello job), then what the URL points at (a share link) as
 * one undoable step on top of it: Ctrl+Z after opening a link brings your draft back.
 */
export function useBootstrap(): void {
  useEffect(() => {
    let live = true
    const draft = loadCurrent(localStorage)
    openJob(draft?.job ?? helloJob(), draft?.title ?? 'hello job', {
      initial: true,
      ...(draft ? { draftId: draft.id } : {}),
    })
    const openLink = (): void => {
      const { pathname, hash } = location
      loadSharedJob(pathname, hash)
        .then((shared) => {
          if (!live || !shared) return
          forgetShareLink()
          openJob(laidOut(shared), 'shared job')
        })
        .catch((e: unknown) => {
          forgetShareLink()
          notify(e instanceof Error ? e.message : String(e), 'error')
        })
    }
    openLink()
    const onHash = (): void => {
      if (location.hash.length > 1) openLink()
    }
    window.addEventListener('hashchange', onHash)
    return () => {
      live = false
      window.removeEventListener('hashchange', onHash)
    }
  }, [])
}
