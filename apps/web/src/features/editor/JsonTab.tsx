import { useEffect, useMemo, useRef, useState } from 'react'
import { updateJob, useJob } from '../../state/appStore.ts'
import type { JobDocument } from '../../state/jobDocument.ts'
import { analyzeJobText, jobToText } from '../jobio/index.ts'
import { LazyEditor } from './LazyEditor.tsx'

/**
 * The raw job JSON, in two-way sync with the graph: graph edits rewrite the text; text that
 * still describes a job updates the graph; problems are shown inline with their JSON path.
 */
export function JsonTab() {
  const job = useJob()
  const [text, setText] = useState(() => jobToText(job))
  const fromText = useRef<JobDocument | null>(null)

  useEffect(() => {
    if (job !== fromText.current) setText(jobToText(job))
  }, [job])

  const analysis = useMemo(() => analyzeJobText(text), [text])

  const onChange = (next: string): void => {
    setText(next)
    const a = analyzeJobText(next)
    if (a.job) {
      fromText.current = a.job
      updateJob(() => a.job!, 'json')
    }
  }

  return (
    <div style={{ display: 'flex', flexDirection: 'column', height: '100%' }}>
      <div style={{ flex: 1, position: 'relative', minHeight: 0 }}>
        <LazyEditor
          uri="file:///job.json"
          language="json"
          value={text}
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
