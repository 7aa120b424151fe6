/**
 * Drafts in the browser's localStorage: the job being edited (restored on reload) and a short
 * list of recent jobs (each job you edited, newest first). Pure over a `Storage`-like object.
 */
import { toJobDocument, type JobDocument } from './jobDocument.ts'

export interface Draft {
  id: string
  title: string
  savedAt: number
  job: JobDocument
}

type Storage = Pick<globalThis.Storage, 'getItem' | 'setItem' | 'removeItem'>

const CURRENT = 'zerolab.current'
const RECENT = 'zerolab.recent'
/** Before autosave: Ctrl+S kept one job here. Read once, as a recent draft. */
const LEGACY = 'zerolab.draft'
export const MAX_RECENT = 20

function parseDraft(value: unknown): Draft | null {
  if (typeof value !== 'object' || value === null) return null
  const d = value as Partial<Draft>
  if (typeof d.id !== 'string' || typeof d.title !== 'string') return null
  try {
    return {
      id: d.id,
      title: d.title,
      savedAt: typeof d.savedAt === 'number' ? d.savedAt : 0,
      job: toJobDocument(d.job),
    }
  } catch {
    return null
  }
}

function read(storage: Storage, key: string): unknown {
  try {
    const text = storage.getItem(key)
    return text ? (JSON.parse(text) as unknown) : null
  } catch {
    return null
  }
}

/** The job that was open when the page was left, if any. */
export function loadCurrent(storage: Storage): Draft | null {
  const current = parseDraft(read(storage, CURRENT))
  if (current) return current
  const legacy = read(storage, LEGACY)
  if (!legacy) return null
  try {
    return { id: 'legacy', title: 'saved draft', savedAt: 0, job: toJobDocument(legacy) }
  } catch {
    return null
  }
}

export function loadRecent(storage: Storage): Draft[] {
  const list = read(storage, RECENT)
  return Array.isArray(list) ? list.map(parseDraft).filter((d): d is Draft => d !== null) : []
}

/**
 * Saves the open job; when `listed`, also puts it first in the recent list (replacing the entry
 * with the same id, keeping at most MAX_RECENT). On a full storage the oldest entries go first;
 * throws only when even the current job alone does not fit.
 */
export function saveDraft(storage: Storage, draft: Draft, listed: boolean): void {
  storage.setItem(CURRENT, JSON.stringify(draft))
  storage.removeItem(LEGACY)
  if (!listed) return
  let recent = [draft, ...loadRecent(storage).filter((d) => d.id !== draft.id)].slice(0, MAX_RECENT)
  for (;;) {
    try {
      storage.setItem(RECENT, JSON.stringify(recent))
      return
    } catch (e) {
      if (recent.length <= 1) throw e
      recent = recent.slice(0, -1)
    }
  }
}

export function removeRecent(storage: Storage, id: string): void {
  storage.setItem(RECENT, JSON.stringify(loadRecent(storage).filter((d) => d.id !== id)))
}
