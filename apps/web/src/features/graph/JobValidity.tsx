import { useMemo } from 'react'
import { selectNode, setDock, useJob } from '../../state/appStore.ts'
import { groupIndexOfPath, validate } from '../jobio/index.ts'

/** A corner badge: the job is valid, or the first rule it breaks with its JSON path. */
export function JobValidity() {
  const job = useJob()
  const problem = useMemo(() => validate(job), [job])
  if (!problem) {
    return (
      <div className="job-validity ok" data-testid="job-validity" data-valid="true">
        ✓ valid job
      </div>
    )
  }
  const ix = groupIndexOfPath(problem.path)
  const group = ix === undefined ? undefined : job.groups[ix]
  return (
    <button
      type="button"
      className="job-validity problem"
      data-testid="job-validity"
      data-valid="false"
      title="Show in the job JSON"
      onClick={() => {
        if (group) selectNode(group.name)
        setDock('json')
      }}
    >
      ⚠ {problem.message}
    </button>
  )
}
