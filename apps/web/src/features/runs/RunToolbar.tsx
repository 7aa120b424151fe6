import { useEffect, useState } from 'react'
import { useCluster, openSignIn, SignInDialog } from '../cluster/index.ts'
import { resumeClusterRun, runController } from './runController.ts'
import { useRunner } from './useRunner.ts'
import './runs.css'

export function RunToolbar() {
  const runner = useRunner()
  const session = useCluster((s) => s.session)
  const [warm, setWarm] = useState(false)
  useEffect(() => {
    resumeClusterRun()
    // After start-up, when the page is idle: load the local runtime (see prewarmLocal).
    let idle = 0
    const timer = setTimeout(() => {
      idle = requestIdleCallback(
        () => void runController.prewarmLocal().then(() => setWarm(true)),
        { timeout: 4000 },
      )
    }, 1500)
    return () => {
      clearTimeout(timer)
      cancelIdleCallback(idle)
    }
  }, [])
  return (
    <div className="toolbar-group run-toolbar">
      <button
        type="button"
        className="primary"
        data-testid="run-local"
        data-warm={warm || undefined}
        disabled={runner.running}
        title="Run in this browser (Ctrl+Enter)"
        onPointerEnter={() => void runController.prewarmLocal()}
        onFocus={() => void runController.prewarmLocal()}
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
