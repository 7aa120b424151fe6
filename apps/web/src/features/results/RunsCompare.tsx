import { useState } from 'react'
import { useRuns, type RunView } from '../runs/index.ts'
import { compareRuns } from './compareRuns.ts'
import { formatMs } from './timeline.ts'

const label = (r: RunView, i: number): string =>
  `#${i + 1} ${r.target} · ${r.phase}${r.endedAt !== undefined ? ` · ${formatMs(r.endedAt - r.startedAt)}` : ''}`

const short = (etag: string | undefined): string => (etag ? etag.slice(0, 8) : '—')

/** The runs of this page, newest first; pick two to compare outputs (ETags) and timings. */
export function RunsCompare() {
  const past = useRuns((s) => s.past)
  const [a, setA] = useState(1)
  const [b, setB] = useState(0)
  if (past.length < 2)
    return (
      <p className="muted">
        Run the job twice (in the browser, on the cluster, or both) to compare two runs here.
      </p>
    )
  const ra = past[Math.min(a, past.length - 1)]!
  const rb = past[Math.min(b, past.length - 1)]!
  const c = compareRuns(ra, rb)
  const pick = (value: number, set: (n: number) => void, name: string) => (
    <select aria-label={name} value={value} onChange={(e) => set(Number(e.target.value))}>
      {past.map((r, i) => (
        <option key={r.id} value={i}>
          {label(r, past.length - 1 - i)}
        </option>
      ))}
    </select>
  )
  return (
    <div className="zl-compare" data-testid="runs-compare">
      <div className="zl-browser-bar">
        {pick(a, setA, 'First run')} <span>vs</span> {pick(b, setB, 'Second run')}
      </div>
      <p data-testid="compare-summary">
        {ra.jobKey !== rb.jobKey && <strong>Different jobs. </strong>}
        {c.different === 0
          ? `Identical outputs: all ${c.same} instance${c.same === 1 ? '' : 's'} have the same ETags.`
          : `${c.different} of ${c.instances.length} instances differ.`}{' '}
        <span className="muted">
          wall {c.wallMs.a === undefined ? '—' : formatMs(c.wallMs.a)} vs{' '}
          {c.wallMs.b === undefined ? '—' : formatMs(c.wallMs.b)}
        </span>
      </p>
      <table className="zl-table">
        <thead>
          <tr>
            <th>instance</th>
            <th>first</th>
            <th>second</th>
            <th>outputs</th>
          </tr>
        </thead>
        <tbody>
          {c.instances.map((i) => (
            <tr key={i.name} data-testid={`compare-${i.name}`} data-same={i.sameOutputs}>
              <td>{i.name}</td>
              <td>
                {i.a
                  ? `${i.a.status} · ${i.a.wallMs === undefined ? '—' : formatMs(i.a.wallMs)}`
                  : '—'}
              </td>
              <td>
                {i.b
                  ? `${i.b.status} · ${i.b.wallMs === undefined ? '—' : formatMs(i.b.wallMs)}`
                  : '—'}
              </td>
              <td className={i.sameOutputs ? 'zl-same' : 'zl-diff'}>
                {i.sameOutputs
                  ? '✓ same'
                  : i.changed.length === 0
                    ? 'status differs'
                    : i.changed
                        .map((ch) => `${ch}: ${short(i.a?.etags[ch])} → ${short(i.b?.etags[ch])}`)
                        .join(', ')}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}
