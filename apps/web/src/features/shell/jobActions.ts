/** Save, export and the default job: small actions the top bar and shortcuts share. */
import { getJob, notify } from '../../state/appStore.ts'
import { toJobDocument, type JobDocument } from '../../state/jobDocument.ts'
import { jobToText } from '../jobio/index.ts'

const DRAFT_KEY = 'zerolab.draft'

export function saveDraft(): void {
  try {
    localStorage.setItem(DRAFT_KEY, JSON.stringify(getJob()))
    notify('Saved in this browser.')
  } catch {
    notify('Could not save: browser storage is unavailable.', 'error')
  }
}

export function loadDraft(): JobDocument | null {
  try {
    const text = localStorage.getItem(DRAFT_KEY)
    return text ? toJobDocument(JSON.parse(text)) : null
  } catch {
    return null
  }
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
