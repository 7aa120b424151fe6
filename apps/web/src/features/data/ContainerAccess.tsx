import { toZeroLabError } from '@zerolab/shared'
import { useEffect, useState } from 'react'
import { notify } from '../../state/appStore.ts'
import { clusterClient } from '../cluster/index.ts'

const PUBLIC = '.r:*,.rlistings'

type Mode = 'private' | 'public' | 'shared'

const modeOf = (acl: string): Mode =>
  acl === '' ? 'private' : acl.includes('.r:*') ? 'public' : 'shared'

/**
 * Who may read a container (its `X-Container-Read`): only you, anyone (public, listings too),
 * or the accounts/users you name (`course:*`, `course:ana`, a group).
 */
export function ContainerAccess(props: { container: string; onError: (e: string) => void }) {
  const { container, onError } = props
  const [acl, setAcl] = useState<string | null>(null)
  const [shareWith, setShareWith] = useState('')

  useEffect(() => {
    let live = true
    setAcl(null)
    clusterClient()
      ?.containerRead(container)
      .then((a) => live && (setAcl(a), setShareWith(modeOf(a) === 'shared' ? a : '')))
      .catch((e: unknown) => live && onError(toZeroLabError(e).message))
    return () => {
      live = false
    }
  }, [container, onError])

  const apply = (next: string): void => {
    clusterClient()
      ?.setContainerRead(container, next)
      .then(() => {
        setAcl(next)
        notify(
          next === ''
            ? `${container} is private.`
            : next === PUBLIC
              ? `${container} is public: anyone can read and list it.`
              : `${container} is shared with ${next}.`,
        )
      })
      .catch((e: unknown) => onError(toZeroLabError(e).message))
  }

  if (acl === null) return <span className="muted">…</span>
  const mode = modeOf(acl)
  return (
    <>
      <select
        aria-label={`Who can read ${container}`}
        data-testid="cluster-access"
        value={mode}
        onChange={(e) => {
          const m = e.target.value as Mode
          if (m === 'private') apply('')
          else if (m === 'public') apply(PUBLIC)
          else setAcl(shareWith || ' ')
        }}
      >
        <option value="private">private</option>
        <option value="public">public</option>
        <option value="shared">shared…</option>
      </select>
      {mode === 'shared' && (
        <form
          className="zl-share-with"
          onSubmit={(e) => {
            e.preventDefault()
            apply(shareWith.trim())
          }}
        >
          <input
            aria-label="Share with (account:user, account:*, group)"
            data-testid="cluster-share-with"
            placeholder="course:*"
            value={shareWith}
            onChange={(e) => setShareWith(e.target.value)}
          />
          <button type="submit">Share</button>
        </form>
      )}
    </>
  )
}
