import type { JobReport } from '@zerolab/runtime'

const ROWS = 40

function fmtBytes(n: number): string {
  if (n < 1024) return `${n} B`
  if (n < 1048576) return `${(n / 1024).toFixed(1)} KiB`
  return `${(n / 1048576).toFixed(1)} MiB`
}

/**
 * Cells padded to their column's widest, two spaces apart, trailing blanks trimmed; `rule`
 * puts a dashed line under the head.
 */
export function alignedLines(
  head: string[],
  rows: string[][],
  opts: { rule?: boolean } = {},
): string[] {
  const widths = head.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c]!.length)))
  const line = (r: string[]): string =>
    r
      .map((v, c) => (c === r.length - 1 ? v : v.padEnd(widths[c]!)))
      .join('  ')
      .trimEnd()
  const ruled = opts.rule ? [line(widths.map((w) => '-'.repeat(w)))] : []
  return [line(head), ...ruled, ...rows.map(line)]
}

/** The results table: one row per instance (failed ones first when there are many), totals. */
export function resultsTable(report: JobReport): string {
  const all = report.instances
  const shown =
    all.length <= ROWS
      ? all
      : [...all.filter((i) => i.status !== 'ok'), ...all.filter((i) => i.status === 'ok')].slice(
          0,
          ROWS,
        )
  const rows = shown.map((i) => [
    i.name,
    i.status,
    String(i.exitCode),
    `${i.wallMs.toFixed(1)} ms`,
    fmtBytes(i.bytesIn),
    fmtBytes(i.bytesOut),
    i.outputs
      .filter((o) => o.committed)
      .map((o) => o.path.replace(/^swift:\/\/[^/]+\//, ''))
      .join(' ') ||
      (i.message ?? ''),
  ])
  const head = ['instance', 'status', 'exit', 'wall', 'in', 'out', 'outputs / message']
  const out = alignedLines(head, rows, { rule: true })
  if (all.length > shown.length)
    out.push(`… ${all.length - shown.length} more instances (use --json for all)`)
  const t = report.totals
  const by = Object.entries(t.byStatus)
    .map(([s, n]) => `${n} ${s}`)
    .join(', ')
  out.push(
    '',
    `job ${report.status}: ${t.instances} instances (${by}${t.notRun ? `, ${t.notRun} not run` : ''}), ` +
      `${fmtBytes(t.bytesIn)} in, ${fmtBytes(t.bytesOut)} out, ${t.committed} objects committed, ${(t.wallMs / 1000).toFixed(2)} s`,
  )
  for (const w of report.warnings) out.push(`warning: ${w}`)
  return out.join('\n') + '\n'
}
