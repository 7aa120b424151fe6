import { toZeroLabError, type JobView } from '@zerolab/shared'
import { useCallback, useEffect, useState } from 'react'
import { openJob } from '../../state/appStore.ts'
import { toJobDocument } from '../../state/jobDocument.ts'
import { runController } from './runController.ts'
import { useRuns } from './runStore.ts'
import { clusterClient, openSignIn, useCluster } from '../cluster/index.ts'

/** The signed-in account's recent cluster jobs; open one's report, or its job in the designer. */
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
        to see the cluster's job history.
      </p>
    )
  const openInDesigner = async (id: string): Promise<void> => {
    try {
      const v = await clusterClient()!.job(id)
      openJob(toJobDocument(v.job), `cluster job ${id}`)
    } catch (e) {
      setError(toZeroLabError(e).message)
    }
  }
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
              <th>status</th>
              <th>instances</th>
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
                <td>
                  <span className={`zl-status status-${j.status}`}>{j.status}</span>
                </td>
                <td>{j.instances}</td>
                <td>{new Date(j.createdAt).toLocaleString()}</td>
                <td>
                  <button
                    type="button"
                    onClick={() => void runController.showClusterJob(j.id).then(onOpen)}
                  >
                    Report
                  </button>{' '}
                  <button type="button" onClick={() => void openInDesigner(j.id)}>
                    Open job
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
