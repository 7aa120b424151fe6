import { useEffect, useMemo, useState } from 'react'
import { getSnapshot, setJsonDraft, updateJob, useApp, useJob } from '../../state/appStore.ts'
import type { JobDocument } from '../../state/jobDocument.ts'
import { analyzeJobText, jobToText } from '../jobio/index.ts'
import { LazyEditor } from './LazyEditor.tsx'

/**
 * The raw job JSON, in two-way sync with the graph: graph edits rewrite the text; text that
 * still describes a job updates the graph. Text that does not parse is kept in the app store
 * (it survives switching tabs, the canvas badge shows it, and Run refuses while it is there);
 * problems are shown inline with their JSON path.
 */
export function JsonTab() {
  const job = useJob()
  const draft = useApp((s) => s.json)
  // The text shown and the job it stands for (the text typed, or the job's own rendering).
  const [local, setLocal] = useState<{ text: string; job: JobDocument }>(() => ({
    text: draft?.text ?? jobToText(job),
    job,
  }))
  const stale = job !== local.job
  if (stale) setLocal({ text: jobToText(job), job })

  useEffect(() => {
    // The job changed under a broken draft (undo, a graph edit): the draft is gone with it.
    if (stale && getSnapshot().job === job) setJsonDraft(null)
  }, [stale, job])

  const analysis = useMemo(() => analyzeJobText(local.text), [local.text])

  const onChange = (next: string): void => {
    const a = analyzeJobText(next)
    if (a.job) {
      // A job, maybe breaking a rule: the graph follows it and the badge names the rule.
      setLocal({ text: next, job: a.job })
      setJsonDraft(null)
      updateJob(() => a.job!, 'json')
    } else {
      setLocal((l) => ({ text: next, job: l.job }))
      setJsonDraft({ text: next, problem: a.problems[0]?.message ?? 'not a job' })
    }
  }

  return (
    <div style={{ display: 'flex', flexDirection: 'column', height: '100%' }}>
      <div style={{ flex: 1, position: 'relative', minHeight: 0 }}>
        <LazyEditor
          uri="file:///job.json"
          language="json"
          value={local.text}
          onChange={onChange}
          markers={analysis.problems}
          label="Job JSON"
        />
      </div>
      {analysis.problems.length > 0 && (
        <div className="editor-problems error-text" role="status" data-testid="json-problems">
          {analysis.problems.map((p, i) => (
            <div key={i}>{p.message}</div>
          ))}
        </div>
      )}
    </div>
  )
}
