/**
 * The state the designer and the run side share. Read with the hooks at the bottom; change it
 * only through the actions here so undo/redo and the URL stay consistent. See ../../CONTEXT.md.
 */
import type { InstanceStatus } from '@zerolab/shared'
import { createStore, useStore } from './createStore.ts'
import { createHistory, record, redo, undo, type History } from './history.ts'
import { emptyJob, type JobDocument } from './jobDocument.ts'

export type Theme = 'light' | 'dark'
export type EditorTab = 'code' | 'json'
/** A node's state: before and while its instances run, then the worst instance status (STATUSES). */
export type NodeRunState = 'idle' | 'queued' | 'running' | 'cancelled' | InstanceStatus

/** Live progress of one group (node), written by the run side, drawn on the canvas. */
export interface NodeProgress {
  state: NodeRunState
  /** Finished instances of the group (cancelled ones not counted). */
  done?: number
  /** All instances of the group, once expanded. */
  total?: number
}

export interface EdgeFlow {
  bytes: number
  /** The first bytes one pipe of the edge carried (text). */
  head: string
}

export interface Notice {
  kind: 'info' | 'error'
  text: string
  /** A button on the notice, e.g. "Undo" after opening a job. */
  action?: { label: string; run: () => void }
}

/**
 * One entry of the undo history: the job, its title and the draft it is saved as. Opening a job
 * is an entry like any edit, so Ctrl+Z after opening an example brings your job back.
 */
export interface JobSnapshot {
  job: JobDocument
  title: string
  /** The autosaved draft this job belongs to; a new one per opened job. */
  draftId: string
  /** The job as it was opened: an unchanged example is not a draft worth listing. */
  opened: JobDocument
}

/** The Job JSON tab's text while it does not parse as a job (else null: the text is the job). */
export interface JsonDraft {
  text: string
  problem: string
}

export interface AppState {
  history: History<JobSnapshot>
  /** Name of the selected group, or null. */
  selected: string | null
  theme: Theme
  /** Which editor the left half of the dock shows. */
  editorTab: EditorTab
  progress: Record<string, NodeProgress>
  /** What the last run sent along each edge (`from->to`), drawn as the edge's label. */
  flows: Record<string, EdgeFlow>
  notice: Notice | null
  /** Bumped whenever a whole job is opened or an open is undone (the canvas fits the view). */
  openCount: number
  json: JsonDraft | null
}

const preferredTheme = (): Theme => {
  try {
    const saved = localStorage.getItem('zerolab.theme')
    if (saved === 'light' || saved === 'dark') return saved
    return matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light'
  } catch {
    return 'light'
  }
}

export const newDraftId = (): string =>
  `d${Date.now().toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`

const snapshot = (job: JobDocument, title: string, draftId = newDraftId()): JobSnapshot => ({
  job,
  title,
  draftId,
  opened: job,
})

export const appStore = createStore<AppState>({
  history: createHistory(snapshot(emptyJob(), 'untitled job')),
  selected: null,
  theme: typeof window === 'undefined' ? 'light' : preferredTheme(),
  editorTab: 'code',
  progress: {},
  flows: {},
  notice: null,
  openCount: 0,
  json: null,
})

const patch = (p: Partial<AppState>): void => appStore.set((s) => ({ ...s, ...p }))

export const getJob = (): JobDocument => appStore.get().history.present.job
export const getSnapshot = (): JobSnapshot => appStore.get().history.present

/** Changes the job as one undo step; calls with the same `key` in a row merge into one step. */
export function updateJob(fn: (job: JobDocument) => JobDocument, key?: string): void {
  appStore.set((s) => {
    const present = s.history.present
    const job = fn(present.job)
    if (job === present.job) return s
    return { ...s, history: record(s.history, { ...present, job }, key) }
  })
}

export interface OpenOptions {
  /** Keeps the draft id (reopening the same draft after a reload). */
  draftId?: string
  /** Offer "Undo" on a notice (default: when it replaced a job with stages). */
  announce?: boolean
  /** Only the first job of a page load: no undo step back to the empty start. */
  initial?: boolean
}

/**
 * Opens a whole job (import, example, lesson, share link, history) as one undoable step: the job
 * it replaced stays one Ctrl+Z (or the notice's Undo) away, and stays a draft in Recent.
 */
export function openJob(job: JobDocument, title = 'untitled job', o: OpenOptions = {}): void {
  const replaced = getSnapshot()
  appStore.set((s) => {
    const next = snapshot(job, title, o.draftId)
    return {
      ...s,
      history: o.initial ? createHistory(next) : record(s.history, next),
      selected: job.groups[0]?.name ?? null,
      progress: {},
      flows: {},
      openCount: s.openCount + 1,
      json: null,
    }
  })
  const announce = o.announce ?? (!o.initial && replaced.job.groups.length > 0)
  if (announce) {
    const kept = replaced.job !== replaced.opened ? ` Your “${replaced.title}” is in Recent.` : ''
    notify(`Opened ${title}.${kept}`, 'info', {
      label: 'Undo',
      run: () => backTo(replaced.draftId),
    })
  }
}

/** Undo / redo; crossing an opened job also refits the canvas and drops a stale JSON draft. */
function move(step: (h: History<JobSnapshot>) => History<JobSnapshot>): void {
  appStore.set((s) => {
    const history = step(s.history)
    if (history === s.history) return s
    const crossed = history.present.draftId !== s.history.present.draftId
    const names = history.present.job.groups.map((g) => g.name)
    return {
      ...s,
      history,
      json: null,
      selected: s.selected !== null && names.includes(s.selected) ? s.selected : (names[0] ?? null),
      ...(crossed ? { openCount: s.openCount + 1, progress: {}, flows: {} } : {}),
    }
  })
}

export const undoJob = (): void => move(undo)
/** Undoes steps until the job with this draft id is back (the notice's "Undo" after an open). */
export const backTo = (draftId: string): void =>
  move((h) => {
    let back = h
    while (back.present.draftId !== draftId && back.past.length > 0) back = undo(back)
    return back.present.draftId === draftId ? back : h
  })
export const redoJob = (): void => move(redo)
export const selectNode = (name: string | null): void => patch({ selected: name })
export const setEditorTab = (editorTab: EditorTab): void => patch({ editorTab })
export const setJsonDraft = (json: JsonDraft | null): void => patch({ json })
export const notify = (text: string, kind: Notice['kind'] = 'info', action?: Notice['action']) =>
  patch({ notice: action ? { kind, text, action } : { kind, text } })
export const clearNotice = (): void => patch({ notice: null })

export function setTheme(theme: Theme): void {
  try {
    localStorage.setItem('zerolab.theme', theme)
  } catch {
    // private mode: the theme just is not remembered
  }
  patch({ theme })
}

export function setNodeProgress(name: string, progress: NodeProgress): void {
  appStore.set((s) => ({ ...s, progress: { ...s.progress, [name]: progress } }))
}
export const clearProgress = (): void => patch({ progress: {}, flows: {} })
export const setEdgeFlows = (flows: Record<string, EdgeFlow>): void => patch({ flows })

export const useApp = <S>(select: (s: AppState) => S): S => useStore(appStore, select)
export const useJob = (): JobDocument => useApp((s) => s.history.present.job)
export const useTitle = (): string => useApp((s) => s.history.present.title)
export const useSelected = (): string | null => useApp((s) => s.selected)
export const useTheme = (): Theme => useApp((s) => s.theme)
export const useEditorTab = (): EditorTab => useApp((s) => s.editorTab)
export const useProgress = (): Record<string, NodeProgress> => useApp((s) => s.progress)
