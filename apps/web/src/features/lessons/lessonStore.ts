/**
 * Where you are in the lessons: which lesson is open, and per lesson the step you are on, the
 * furthest step you reached, whether you finished it and the draft its job lives in. Progress
 * is kept in localStorage so a reload (or tomorrow) resumes it.
 */
import { createStore, useStore } from '../../state/createStore.ts'

export interface LessonProgress {
  step: number
  /** The furthest step reached: a step's job opens only the first time you get there. */
  reached: number
  done: boolean
  /** The draft the lesson's job was opened as (resuming reopens it). */
  draftId?: string
}

export interface LessonsState {
  /** The lesson panel is shown. */
  open: boolean
  /** Id of the lesson being followed, or null for the list. */
  active: string | null
  progress: Record<string, LessonProgress>
  /** The lesson just finished (the list congratulates and offers the next one). */
  finished: string | null
}

const KEY = 'zerolab.lessons'

function loadProgress(): Record<string, LessonProgress> {
  try {
    const raw = JSON.parse(localStorage.getItem(KEY) ?? '{}') as unknown
    return typeof raw === 'object' && raw !== null ? (raw as Record<string, LessonProgress>) : {}
  } catch {
    return {}
  }
}

export const lessonStore = createStore<LessonsState>({
  open: false,
  active: null,
  progress: typeof window === 'undefined' ? {} : loadProgress(),
  finished: null,
})

export const useLessons = <S>(select: (s: LessonsState) => S): S => useStore(lessonStore, select)

export function setProgress(id: string, p: Partial<LessonProgress>): void {
  lessonStore.set((s) => {
    const prev = s.progress[id] ?? { step: 0, reached: 0, done: false }
    const progress = { ...s.progress, [id]: { ...prev, ...p } }
    try {
      localStorage.setItem(KEY, JSON.stringify(progress))
    } catch {
      // progress is only not remembered
    }
    return { ...s, progress }
  })
}

export const showLessons = (open = true): void =>
  lessonStore.set((s) => ({ ...s, open, active: open ? s.active : null }))

export const setActiveLesson = (active: string | null, finished: string | null = null): void =>
  lessonStore.set((s) => ({ ...s, open: true, active, finished }))
