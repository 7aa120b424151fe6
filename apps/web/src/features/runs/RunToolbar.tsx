import { useCluster, openSignIn, SignInDialog } from '../cluster/index.ts'
import { runController } from './runController.ts'
import { useRunner } from './useRunner.ts'
import './runs.css'

export function RunToolbar() {
  const runner = useRunner()
  const session = useCluster((s) => s.session)
  return (
    <div className="toolbar-group run-toolbar">
      <button
        type="button"
        className="primary"
        data-testid="run-local"
        disabled={runner.running}
        title="Run in this browser (Ctrl+Enter)"
        onPointerEnter={runController.prewarmLocal}
        onFocus={runController.prewarmLocal}
        onClick={() => runner.run('local')}
      >
        ▶ Run
      </button>
      <button
        type="button"
        data-testid="run-cluster"
        disabled={runner.running}
        title={
          session
            ? `Run on ${session.url} as ${session.account}:${session.user}`
            : 'Sign in to a server first'
        }
        onClick={() => runner.run('cluster')}
      >
        ☁ Run on cluster
      </button>
      {runner.running && (
        <button type="button" className="danger" data-testid="run-cancel" onClick={runner.cancel}>
          ■ Cancel
        </button>
      )}
      <button
        type="button"
        className="link cluster-status"
        data-testid="cluster-signin"
        title={session ? 'Change the server' : 'Sign in to a server'}
        onClick={() => openSignIn()}
      >
        {session ? `${session.account}:${session.user}@${hostOf(session.url)}` : 'Sign in…'}
      </button>
      <SignInDialog />
    </div>
  )
}

function hostOf(url: string): string {
  try {
    return new URL(url).host
  } catch {
    return url
  }
}
