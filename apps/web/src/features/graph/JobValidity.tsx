import { useMemo } from 'react'
import { selectNode, setEditorTab, useApp, useJob } from '../../state/appStore.ts'
import { groupIndexOfPath, validate } from '../jobio/index.ts'

/**
 * A corner badge: the job is valid, or the first rule it breaks with its JSON path. Text in the
 * Job JSON tab that does not parse counts too: the graph then is not what the text says, and
 * Run refuses until the text is fixed (or undone).
 */
export function JobValidity() {
  const job = useJob()
  const json = useApp((s) => s.json)
  const problem = useMemo(() => validate(job), [job])
  if (json) {
    return (
      <button
        type="button"
        className="job-validity problem"
        data-testid="job-validity"
        data-valid="false"
        title="The Job JSON tab has text that is not a job; the graph shows the last good job"
        onClick={() => setEditorTab('json')}
      >
        ⚠ Job JSON: {json.problem}
      </button>
    )
  }
  if (job.groups.length === 0) {
    return (
      <div className="job-validity empty" data-testid="job-validity" data-valid="false">
        empty job: add a stage
      </div>
    )
  }
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
        setEditorTab('json')
      }}
    >
      ⚠ {problem.message}
    </button>
  )
}
