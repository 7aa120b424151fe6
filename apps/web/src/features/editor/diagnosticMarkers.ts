import type { Diagnostic } from '@zerolab/shared'
import type { EditorMarker } from './MonacoEditor.tsx'

/**
 * Compiler diagnostics as editor markers: each at its line and column, spanning the word there.
 * Messages without a position (the linker's) are not markers; the status below the editor
 * shows them.
 */
export function diagnosticMarkers(
  source: string,
  diagnostics: readonly Diagnostic[],
): EditorMarker[] {
  const starts = [0]
  for (let i = 0; i < source.length; i++) if (source[i] === '\n') starts.push(i + 1)
  const out: EditorMarker[] = []
  for (const d of diagnostics) {
    if (d.line < 1 || d.line > starts.length) continue
    const lineStart = starts[d.line - 1]!
    const lineEnd = d.line < starts.length ? starts[d.line]! - 1 : source.length
    const start = Math.min(lineStart + Math.max(0, d.column - 1), lineEnd)
    let end = start
    while (end < lineEnd && /\w/.test(source[end]!)) end++
    const severity = d.severity === 'note' ? 'info' : d.severity
    out.push({ message: d.message, start, end: Math.max(end, start + 1), severity })
  }
  return out
}
