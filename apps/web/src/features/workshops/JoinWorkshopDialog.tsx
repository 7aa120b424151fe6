import { toZeroLabError, type WorkshopInvite, type WorkshopJoined } from '@zerolab/shared'
import { useEffect, useState, type FormEvent } from 'react'
import { Dialog } from '../../ui/Dialog.tsx'
import { signInToCluster } from '../cluster/index.ts'
import { lessonById, startLesson } from '../lessons/index.ts'
import { fetchInvite, joinWorkshop, joinedCredentials } from './workshopApi.ts'

/** Drops `?workshop=` from the address bar: a reload must not ask to join again. */
function forgetWorkshopLink(): void {
  const q = new URLSearchParams(location.search)
  q.delete('workshop')
  const search = q.toString()
  history.replaceState(history.state, '', `${location.pathname}${search ? `?${search}` : ''}`)
}

/**
 * What a student sees on a workshop link: the workshop, a name to join under; then the key
 * (shown once), signed in, with the workshop's lesson open.
 */
export function JoinWorkshopDialog({ id, onClose }: { id: string; onClose: () => void }) {
  const base = location.origin
  const [invite, setInvite] = useState<WorkshopInvite | null>(null)
  const [name, setName] = useState('')
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const [joined, setJoined] = useState<WorkshopJoined | null>(null)

  useEffect(() => {
    fetchInvite(base, id)
      .then(setInvite)
      .catch((e: unknown) => setError(toZeroLabError(e).message))
  }, [base, id])

  const close = (): void => {
    forgetWorkshopLink()
    onClose()
  }

  const join = async (e: FormEvent): Promise<void> => {
    e.preventDefault()
    setBusy(true)
    setError(null)
    try {
      const j = await joinWorkshop(base, id, name)
      setJoined(j)
      forgetWorkshopLink()
      await signInToCluster({
        url: base,
        ...joinedCredentials(j),
        key: j.key,
        containers: [j.home],
      })
      await startLesson(j.lesson)
    } catch (err) {
      setError(toZeroLabError(err).message)
    } finally {
      setBusy(false)
    }
  }

  const lesson = invite ? lessonById(invite.lesson) : undefined
  return (
    <Dialog title="Join a workshop" onClose={close} testId="workshop-join">
      {!invite && !error && <p className="muted">Loading the workshop…</p>}
      {invite && (
        <p data-testid="workshop-invite">
          <strong>{invite.title}</strong>
          <br />
          <span className="muted">
            Lesson: {lesson?.title ?? invite.lesson} · account{' '}
            {invite.account.replace(/^AUTH_/, '')}
          </span>
        </p>
      )}
      {invite && !invite.open && (
        <p className="error-text" role="alert">
          This workshop is closed: ask your instructor for a new link.
        </p>
      )}
      {invite?.open && !joined && (
        <form className="workshop-form" onSubmit={(e) => void join(e)}>
          <label>
            Your name
            <input
              data-testid="workshop-name"
              value={name}
              placeholder="e.g. ana"
              autoFocus
              required
              maxLength={32}
              pattern="[A-Za-z0-9][A-Za-z0-9_\-]*"
              title="letters, digits, _ or - (starting with a letter or digit)"
              onChange={(e) => setName(e.target.value)}
            />
          </label>
          <button
            type="submit"
            className="primary"
            data-testid="workshop-join-submit"
            disabled={busy}
          >
            {busy ? 'Joining…' : 'Join'}
          </button>
        </form>
      )}
      {error && (
        <p className="error-text" role="alert" data-testid="workshop-join-error">
          {error}
        </p>
      )}
      {joined && (
        <div data-testid="workshop-joined">
          <p>
            You are <code>{joinedCredentials(joined).user}</code> in account{' '}
            <code>{joinedCredentials(joined).account}</code>, signed in, with the lesson open. Your
            own container is <code>{joined.home}</code>.
          </p>
          <p>
            Your key, shown only now (to sign in again from another browser):{' '}
            <code data-testid="workshop-key">{joined.key}</code>
          </p>
          <div className="zl-modal-actions">
            <button
              type="button"
              className="primary"
              data-testid="workshop-start"
              onClick={onClose}
            >
              Start the lesson
            </button>
          </div>
        </div>
      )}
    </Dialog>
  )
}
