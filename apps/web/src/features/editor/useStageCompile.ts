import type { CompileResult, CompiledLang } from '@zerolab/shared'
import { useEffect, useState } from 'react'
import { pageCompile, warmPageCompiler } from '../../compiler/pageCompiler.ts'

export type StageCompile =
  | { state: 'compiling' }
  | { state: 'done'; result: CompileResult; source: string }
  | { state: 'unavailable'; message: string }

/** Pause after the last keystroke before compiling again. */
const PAUSE_MS = 700

/**
 * Compiles a C/C++ stage's source in the page's compiler while it is being edited: at once when
 * it opens, then after each pause in typing. A result for an older text is dropped.
 */
export function useStageCompile(lang: CompiledLang, source: string): StageCompile {
  const [status, setStatus] = useState<StageCompile>({ state: 'compiling' })
  useEffect(() => warmPageCompiler(), [])
  useEffect(() => {
    let live = true
    const timer = setTimeout(
      () => {
        setStatus((s) => (s.state === 'compiling' ? s : { state: 'compiling' }))
        pageCompile({ lang, source }).then(
          (result) => live && setStatus({ state: 'done', result, source }),
          (e: unknown) =>
            live &&
            setStatus({
              state: 'unavailable',
              message: e instanceof Error ? e.message : String(e),
            }),
        )
      },
      status.state === 'done' ? PAUSE_MS : 0,
    )
    return () => {
      live = false
      clearTimeout(timer)
    }
  }, [lang, source])
  return status
}
