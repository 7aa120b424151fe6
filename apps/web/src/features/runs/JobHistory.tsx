import { toZeroLabError, type JobView } from '@zerolab/shared'
import { useCallback, useEffect, useState } from 'react'
import { openJob } from '../../state/appStore.ts'
import { toJobDocument, type JobDocument } from '../../state/jobDocument.ts'
import { runController } from './runController.ts'
import { useRuns } from './runStore.ts'
import { clusterClient, openSignIn, useCluster } from '../cluster/index.ts'

const seconds = (j: JobView): string => {
  if (!j.startedAt || !j.finishedAt) return j.status === 'running' ? 'running' : '—'
  const ms = Date.parse(j.finishedAt) - Date.parse(j.startedAt)
  return Number.isFinite(ms) ? `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s` : '—'
}

const stagesOf = (job: unknown): string => {
  try {
    return toJobDocument(job)
      .groups.map((g) => g.name)
      .join(' → ')
  } catch {
    return ''
  }
}

/**
 * The signed-in account's cluster jobs (an instructor sees the students' runs too, with their
 * user). Each can be opened with its report, re-run on the cluster or run here in the browser.
 */
export function JobHistory({ onOpen }: { onOpen: () => void }) {
  const session = useCluster((s) => s.session)
  const runPhase = useRuns((s) => s.current?.phase)
  const [jobs, setJobs] = useState<JobView[] | null>(null)
  const [error, setError] = useState<string | null>(null)

  const load = useCallback(async () => {
    const client = clusterClient()
    if (!client) return
    try {
      setJobs(await client.history(50))
      setError(null)
    } catch (e) {
      setError(toZeroLabError(e).message)
    }
  }, [])

  useEffect(() => {
    void load()
  }, [load, session, runPhase])

  if (!session)
    return (
      <p className="muted">
        <button type="button" className="link" onClick={() => openSignIn()}>
          Sign in
        </button>{' '}
        to see the cluster&apos;s job history.
      </p>
    )

  /** Opens the job in the designer (one undoable step), then `then` with it. */
  const withJob = async (id: string, then: (job: JobDocument) => unknown): Promise<void> => {
    try {
      const v = await clusterClient()!.job(id)
      const job = toJobDocument(v.job)
      openJob(job, `cluster job ${id}`)
      onOpen()
      await then(job)
    } catch (e) {
      setError(toZeroLabError(e).message)
    }
  }
  const multiUser = new Set((jobs ?? []).map((j) => j.user)).size > 1

  return (
    <div className="zl-history" data-testid="job-history">
      <button type="button" onClick={() => void load()}>
        Refresh
      </button>
      {error && <p className="zl-error">{error}</p>}
      {jobs && jobs.length === 0 && <p className="muted">No jobs yet.</p>}
      {jobs && jobs.length > 0 && (
        <table className="zl-table">
          <thead>
            <tr>
              <th>job</th>
              <th>stages</th>
              {multiUser && <th>user</th>}
              <th>status</th>
              <th>instances</th>
              <th>took</th>
              <th>created</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {jobs.map((j) => (
              <tr key={j.id} data-testid={`history-${j.id}`}>
                <td>
                  <code>{j.id}</code>
                </td>
                <td className="zl-ellipsis">{stagesOf(j.job)}</td>
                {multiUser && <td>{j.user}</td>}
                <td>
                  <span className={`zl-status status-${j.status}`}>{j.status}</span>
                </td>
                <td>{j.instances || (j.status === 'cancelled' ? '—' : 0)}</td>
                <td>{seconds(j)}</td>
                <td>{new Date(j.createdAt).toLocaleString()}</td>
                <td className="zl-actions">
                  <button
                    type="button"
                    title="Open the job with this run's report"
                    data-testid={`history-report-${j.id}`}
                    onClick={() => void withJob(j.id, () => runController.showClusterJob(j.id))}
                  >
                    Report
                  </button>
                  <button
                    type="button"
                    title="Open the job and run it on the cluster again"
                    data-testid={`history-rerun-${j.id}`}
                    onClick={() => void withJob(j.id, (job) => runController.runOnCluster(job))}
                  >
                    ☁ Re-run
                  </button>
                  <button
                    type="button"
                    title="Open the job and run it here in the browser"
                    data-testid={`history-local-${j.id}`}
                    onClick={() => void withJob(j.id, (job) => runController.runLocal(job))}
                  >
                    ▶ Here
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  )
}
