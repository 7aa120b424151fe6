import { inTextField } from './inTextField.ts'
import { useEffect } from 'react'
import { notify, openJob } from '../../state/appStore.ts'
import { autoLayout } from '../graph/index.ts'
import { analyzeJobText } from '../jobio/index.ts'

/** Pasting job JSON anywhere outside a text field opens it (errors name the JSON path). */
export function usePasteImport(): void {
  useEffect(() => {
    const onPaste = (e: ClipboardEvent): void => {
      if (inTextField(e.target)) return
      const text = e.clipboardData?.getData('text/plain')?.trim() ?? ''
      if (!text.startsWith('{') && !text.startsWith('[')) return
      e.preventDefault()
      const a = analyzeJobText(text)
      const problem = a.problems[0]
      if (!a.job || problem) {
        notify(`Pasted JSON is not a job: ${problem?.message ?? 'unknown shape'}`, 'error')
        return
      }
      openJob(a.job.groups.every((g) => g.ui) ? a.job : autoLayout(a.job), 'pasted job')
    }
    window.addEventListener('paste', onPaste)
    return () => window.removeEventListener('paste', onPaste)
  }, [])
}
