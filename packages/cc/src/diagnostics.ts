import type { Diagnostic } from '@zerolab/shared'

const AT = /^(.+?):(\d+):(\d+): (fatal error|error|warning|note): (.*)$/
const TOOL = /^(?:wasm-ld|clang|clang\+\+|clang-\d+): (error|warning): (.*)$/
const INCLUDED = /^In file included from (.+?):(\d+):/

/**
 * The compiler's messages about `file` (the stage's source) out of its stderr. A message about
 * a header is placed at the `#include` that pulled it in, naming the header's own position;
 * linker and driver messages have no position (line 0).
 */
export function parseDiagnostics(log: string, file: string): Diagnostic[] {
  const out: Diagnostic[] = []
  let includedAt: { line: number; column: number } | undefined
  for (const line of log.split('\n')) {
    const inc = INCLUDED.exec(line)
    if (inc) {
      if (inc[1] === file) includedAt = { line: Number(inc[2]), column: 1 }
      continue
    }
    const m = AT.exec(line)
    if (m) {
      const severity = m[4] === 'fatal error' ? 'error' : (m[4] as Diagnostic['severity'])
      if (m[1] === file) {
        out.push({ severity, line: Number(m[2]), column: Number(m[3]), message: m[5]! })
      } else {
        const at = includedAt ?? { line: 0, column: 0 }
        const where = `${m[1]}:${m[2]}:${m[3]}`
        out.push({ severity, ...at, message: `${where}: ${m[5]}`, file: m[1] })
      }
      includedAt = undefined
      continue
    }
    const t = TOOL.exec(line)
    if (t) out.push({ severity: t[1] as 'error' | 'warning', line: 0, column: 0, message: t[2]! })
  }
  return out
}
