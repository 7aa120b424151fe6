/**
 * The state the designer and the run side share. Read with the hooks at the bottom; change it
 * only through the actions here so undo/redo and the URL stay consistent. See ../../CONTEXT.md.
 */
import type { InstanceStatus } from '@zerolab/shared'
import { createStore, useStore } from './createStore.ts'
import { createHistory, record, redo, reset, undo, type History } from './history.ts'
import { emptyJob, type JobDocument } from './jobDocument.ts'

export type Theme = 'light' | 'dark'
export type DockTab = 'code' | 'json' | 'results'
/** A node's state: before and while its instances run, then the worst instance status (STATUSES). */
export type NodeRunState = 'idle' | 'queued' | 'running' | 'cancelled' | InstanceStatus

/** Live progress of one group (node), written by the run side, drawn on the canvas. */
export interface NodeProgress {
  state: NodeRunState
  /** Finished instances of the group. */
  done?: number
  /** All instances of the group, once expanded. */
  total?: number
}

export interface Notice {
  kind: 'info' | 'error'
  text: string
}

export interface AppState {
  history: History<JobDocument>
  /** Name of the selected group, or null. */
  selected: string | null
  theme: Theme
  dock: DockTab
  progress: Record<string, NodeProgress>
  notice: Notice | null
  /** Bumped whenever a whole job is opened (import, example, share link). */
  openCount: number
  /** Where the current job came from, for the title bar ("word-count example", "share link"). */
  title: string
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

export const appStore = createStore<AppState>({
  history: createHistory(emptyJob()),
  selected: null,
  theme: typeof window === 'undefined' ? 'light' : preferredTheme(),
  dock: 'code',
  progress: {},
  notice: null,
  openCount: 0,
  title: 'untitled job',
})

const patch = (p: Partial<AppState>): void => appStore.set((s) => ({ ...s, ...p }))

export const getJob = (): JobDocument => appStore.get().history.present

/** Changes the job as one undo step; calls with the same `key` in a row merge into one step. */
export function updateJob(fn: (job: JobDocument) => JobDocument, key?: string): void {
  appStore.set((s) => ({ ...s, history: record(s.history, fn(s.history.present), key) }))
}

/** Replaces the whole job (import, example, share link) and starts a fresh history. */
export function openJob(job: JobDocument, title = 'untitled job'): void {
  appStore.set((s) => ({
    ...s,
    history: reset(job),
    selected: job.groups[0]?.name ?? null,
    progress: {},
    openCount: s.openCount + 1,
    title,
  }))
}

export const undoJob = (): void => appStore.set((s) => ({ ...s, history: undo(s.history) }))
export const redoJob = (): void => appStore.set((s) => ({ ...s, history: redo(s.history) }))
export const selectNode = (name: string | null): void => patch({ selected: name })
export const setDock = (dock: DockTab): void => patch({ dock })
export const notify = (text: string, kind: Notice['kind'] = 'info'): void =>
  patch({ notice: { kind, text } })
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
export const clearProgress = (): void => patch({ progress: {} })

export const useApp = <S>(select: (s: AppState) => S): S => useStore(appStore, select)
export const useJob = (): JobDocument => useApp((s) => s.history.present)
export const useSelected = (): string | null => useApp((s) => s.selected)
export const useTheme = (): Theme => useApp((s) => s.theme)
export const useDock = (): DockTab => useApp((s) => s.dock)
export const useProgress = (): Record<string, NodeProgress> => useApp((s) => s.progress)
