import type { JobReport } from '@zerolab/runtime'

/** Captured text kept over all instances of one persisted report. */
const SUMMARY_TEXT_BUDGET = 1024 * 1024

/**
 * Persisted form of a report: as the engine made it, but with captured stdout/stderr cut
 * once the whole report holds SUMMARY_TEXT_BUDGET of text, so a job of thousands of
 * instances cannot bloat its row.
 */
export function reportSummary(report: JobReport): JobReport {
  let budget = SUMMARY_TEXT_BUDGET
  const keep = (text: string): { text: string; cut: boolean } => {
    if (text.length <= budget) {
      budget -= text.length
      return { text, cut: false }
    }
    const part = text.slice(0, Math.max(0, budget))
    budget = 0
    return { text: part, cut: true }
  }
  return {
    ...report,
    instances: report.instances.map((i) => {
      const out = keep(i.stdout)
      const err = keep(i.stderr)
      if (!out.cut && !err.cut) return i
      return {
        ...i,
        stdout: out.text,
        stderr: err.text,
        truncated: {
          stdout: out.cut || i.truncated?.stdout === true,
          stderr: err.cut || i.truncated?.stderr === true,
        },
      }
    }),
  }
}
