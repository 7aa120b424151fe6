import { toZeroLabError } from '@zerolab/shared'
import { useState, type FormEvent } from 'react'
import { openSignIn, signInToCluster, signOut, useCluster } from './clusterStore.ts'

const defaultUrl = (): string =>
  typeof location === 'undefined' ? 'http://127.0.0.1:8080' : location.origin

/** Swift-style sign-in (account, user, key → token); the token stays in sessionStorage. */
export function SignInDialog() {
  const open = useCluster((s) => s.dialogOpen)
  const session = useCluster((s) => s.session)
  const [url, setUrl] = useState(session?.url ?? defaultUrl())
  const [account, setAccount] = useState(session?.account ?? '')
  const [user, setUser] = useState(session?.user ?? '')
  const [key, setKey] = useState('')
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  if (!open) return null

  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault()
    setBusy(true)
    setError(null)
    try {
      await signInToCluster({ url, account, user, key })
      setKey('')
    } catch (err) {
      setError(toZeroLabError(err).message)
    } finally {
      setBusy(false)
    }
  }

  return (
    <div className="zl-modal-backdrop" onClick={() => openSignIn(false)}>
      <form
        className="zl-modal"
        role="dialog"
        aria-label="Sign in to a server"
        data-testid="signin-dialog"
        onClick={(e) => e.stopPropagation()}
        onSubmit={(e) => void submit(e)}
      >
        <h2>Sign in to a server</h2>
        <p className="muted" data-testid="signin-hint">
          Use the account, user and key your instructor gave you. On a server you started yourself
          with <code>pnpm start</code> they are account <code>admin</code>, user <code>admin</code>,
          key <code>admin</code> (the server prints them when it starts).
        </p>
        <label>
          Server URL
          <input
            data-testid="signin-url"
            value={url}
            onChange={(e) => setUrl(e.target.value)}
            required
          />
        </label>
        <label>
          Account
          <input
            data-testid="signin-account"
            placeholder="e.g. admin"
            autoComplete="organization"
            value={account}
            onChange={(e) => setAccount(e.target.value)}
            required
            autoFocus
          />
        </label>
        <label>
          User
          <input
            data-testid="signin-user"
            placeholder="e.g. admin"
            autoComplete="username"
            value={user}
            onChange={(e) => setUser(e.target.value)}
            required
          />
        </label>
        <label>
          Key
          <input
            data-testid="signin-key"
            type="password"
            placeholder="your key"
            autoComplete="current-password"
            value={key}
            onChange={(e) => setKey(e.target.value)}
            required
          />
        </label>
        {error && (
          <p className="zl-error" role="alert" data-testid="signin-error">
            {error}
          </p>
        )}
        <div className="zl-modal-actions">
          {session && (
            <button type="button" data-testid="signout" onClick={() => signOut()}>
              Sign out
            </button>
          )}
          <button type="button" onClick={() => openSignIn(false)}>
            Close
          </button>
          <button type="submit" className="primary" data-testid="signin-submit" disabled={busy}>
            {busy ? 'Signing in…' : 'Sign in'}
          </button>
        </div>
      </form>
    </div>
  )
}
