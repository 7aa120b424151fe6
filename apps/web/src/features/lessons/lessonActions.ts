import { getSnapshot, notify, openJob } from '../../state/appStore.ts'
import { loadRecent } from '../../state/drafts.ts'
import { openExample } from '../gallery/index.ts'
import { LESSONS, type Lesson } from './lessons.ts'
import { lessonStore, setActiveLesson, setProgress } from './lessonStore.ts'

export const lessonById = (id: string): Lesson | undefined => LESSONS.find((l) => l.id === id)

/** The job of step `i`, or of the nearest step before it that opens one. */
async function openStepJob(lesson: Lesson, i: number): Promise<void> {
  for (let k = i; k >= 0; k--) {
    const step = lesson.steps[k]!
    if (step.job) openJob(step.job(), lesson.title)
    else if (step.example) await openExample(step.example, lesson.title)
    else continue
    setProgress(lesson.id, { draftId: getSnapshot().draftId })
    return
  }
}

/** Starts a lesson, or resumes it where you left it (with the job you had, if it is kept). */
export async function startLesson(id: string): Promise<void> {
  const lesson = lessonById(id)
  if (!lesson) return
  setActiveLesson(id)
  const p = lessonStore.get().progress[id]
  try {
    if (!p || p.done) {
      setProgress(id, { step: 0, reached: 0, done: false })
      await openStepJob(lesson, 0)
      return
    }
    if (p.draftId === getSnapshot().draftId) return
    const kept = p.draftId ? loadRecent(localStorage).find((d) => d.id === p.draftId) : undefined
    if (kept) openJob(kept.job, kept.title, { draftId: kept.id })
    else await openStepJob(lesson, p.step)
  } catch (e) {
    notify(e instanceof Error ? e.message : String(e), 'error')
  }
}

/** Moves to step `i`; a step's job opens only the first time it is reached. */
export async function goToStep(id: string, i: number): Promise<void> {
  const lesson = lessonById(id)
  if (!lesson || i < 0 || i >= lesson.steps.length) return
  const p = lessonStore.get().progress[id] ?? { step: 0, reached: 0, done: false }
  setProgress(id, { step: i, reached: Math.max(p.reached, i) })
  const step = lesson.steps[i]!
  if (i > p.reached && (step.job || step.example)) await openStepJob(lesson, i)
}

/** Opens the step's job afresh (undoable): "start this step over". */
export const restartStep = (id: string, i: number): Promise<void> =>
  lessonById(id) ? openStepJob(lessonById(id)!, i) : Promise.resolve()

export function finishLesson(id: string): void {
  setProgress(id, { done: true })
  setActiveLesson(null, id)
}
