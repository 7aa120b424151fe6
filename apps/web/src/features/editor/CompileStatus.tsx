import type { Diagnostic } from '@zerolab/shared'
import { compilerState } from '../../compiler/pageCompiler.ts'
import { useStore } from '../../state/createStore.ts'
import type { StageCompile } from './useStageCompile.ts'

const mb = (n: number): string => `${(n / 1024 / 1024).toFixed(0)} MB`
const kb = (n: number): string => `${(n / 1024).toFixed(1)} KB`

function count(diagnostics: readonly Diagnostic[], severity: Diagnostic['severity']): number {
  return diagnostics.filter((d) => d.severity === severity).length
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`
}

/** One line under a C/C++ editor: loading clang, compiling, the module, or the errors. */
export function CompileStatus({ status, file }: { status: StageCompile; file: string }) {
  const loader = useStore(compilerState, (s) => s)
  let summary: string
  let state: string
  let list: readonly Diagnostic[] = []
  if (status.state === 'compiling') {
    state = loader.phase === 'loading' ? 'loading' : 'compiling'
    summary =
      loader.phase === 'loading'
        ? `Loading the C compiler… ${Math.floor((100 * loader.loaded) / Math.max(1, loader.total))}% of ${mb(loader.total)} (once; cached after)`
        : 'Compiling…'
  } else if (status.state === 'unavailable') {
    state = 'unavailable'
    summary = `The compiler cannot run: ${status.message}`
  } else {
    const r = status.result
    list = r.diagnostics
    const warnings = count(list, 'warning')
    if (r.ok) {
      state = 'ok'
      const how = r.cached ? 'cached' : `${(r.ms / 1000).toFixed(2)} s`
      summary = `Compiled · ${kb(r.wasm.length)} wasm · md5 ${r.hash.slice(0, 8)} · ${how}`
      if (warnings) summary += ` · ${plural(warnings, 'warning')}`
    } else {
      state = 'failed'
      const errors = Math.max(1, count(list, 'error'))
      summary = `${plural(errors, 'error')}${warnings ? `, ${plural(warnings, 'warning')}` : ''}`
    }
  }
  return (
    <div className="compile-status" data-testid="compile-status" data-state={state} role="status">
      <div className="compile-summary">{summary}</div>
      {list.length > 0 && (
        <div className="editor-problems" data-testid="compile-problems">
          {list.map((d, i) => (
            <div key={i} className={d.severity === 'error' ? 'error-text' : undefined}>
              {d.line > 0 && !d.file ? `${file}:${d.line}:${d.column}: ` : ''}
              {d.severity}: {d.message}
            </div>
          ))}
        </div>
      )}
    </div>
  )
}
