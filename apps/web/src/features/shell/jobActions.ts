/** Save, export and the default job: small actions the top bar and shortcuts share. */
import { getJob, notify, openJob } from '../../state/appStore.ts'
import { emptyJob, type JobDocument } from '../../state/jobDocument.ts'
import { saveNow } from './useAutosave.ts'
import { jobToText } from '../jobio/index.ts'

/** Ctrl+S: the job is autosaved anyway; this saves at once, lists it in Recent and says so. */
export function saveDraftNow(): void {
  if (saveNow()) notify('Saved in this browser (it also saves as you edit).')
  else notify('Could not save: browser storage is unavailable or full.', 'error')
}

/** A new, empty job (one undoable step; the old one stays in Recent if you edited it). */
export function newJob(): void {
  openJob(emptyJob(), 'untitled job')
}

export function exportJob(): void {
  const blob = new Blob([jobToText(getJob())], { type: 'application/json' })
  const a = document.createElement('a')
  a.href = URL.createObjectURL(blob)
  a.download = 'job.json'
  a.click()
  setTimeout(() => URL.revokeObjectURL(a.href), 1000)
}

export const helloJob = (): JobDocument => ({
  version: 1,
  groups: [
    {
      name: 'hello',
      exec: {
        image: 'js',
        source:
          "const who = zerolab.env.WHO ?? 'world'\nconsole.log(`hello, ${who} from ${zerolab.name}`)\n",
        env: { WHO: 'ZeroLab' },
      },
      devices: [{ name: 'stdout' }],
      ui: { x: 0, y: 0 },
    },
  ],
})
