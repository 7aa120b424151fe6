import { useEffect } from 'react'
import { notify, openJob } from '../../state/appStore.ts'
import { autoLayout } from '../graph/index.ts'
import { loadSharedJob } from '../share/index.ts'
import { helloJob, loadDraft } from './jobActions.ts'

/** Opens what the URL points at (a share link), else the saved draft, else a hello job. */
export function useBootstrap(): void {
  useEffect(() => {
    const open = (): void => {
      loadSharedJob(location.pathname, location.hash)
        .then((shared) => {
          if (shared)
            openJob(shared.groups.every((g) => g.ui) ? shared : autoLayout(shared), 'shared job')
          else if (location.hash === '' || location.hash === '#') {
            const draft = loadDraft()
            openJob(draft ?? helloJob(), draft ? 'saved draft' : 'hello job')
          }
        })
        .catch((e: unknown) => {
          notify(e instanceof Error ? e.message : String(e), 'error')
          openJob(helloJob(), 'hello job')
        })
    }
    open()
    const onHash = (): void => {
      if (location.hash.length > 1) open()
    }
    window.addEventListener('hashchange', onHash)
    return () => window.removeEventListener('hashchange', onHash)
  }, [])
}
