import { Fragment, useState } from 'react'
import { notify, openJob } from '../../state/appStore.ts'
import { openExample } from '../gallery/index.ts'
import { LESSONS, type LessonStep } from './lessons.ts'

function Text({ text }: { text: string }) {
  return (
    <>
      {text.split('`').map((part, i) => (
        <Fragment key={i}>{i % 2 ? <code>{part}</code> : part}</Fragment>
      ))}
    </>
  )
}

function openStep(step: LessonStep, title: string): void {
  if (step.job) openJob(step.job(), title)
  else if (step.example)
    void openExample(step.example).catch((e: unknown) => notify(String(e), 'error'))
}

export function LessonPanel({ onClose }: { onClose: () => void }) {
  const [lessonIx, setLessonIx] = useState<number | null>(null)
  const [stepIx, setStepIx] = useState(0)
  const lesson = lessonIx === null ? undefined : LESSONS[lessonIx]
  const start = (i: number): void => {
    const l = LESSONS[i]
    if (!l) return onClose()
    setLessonIx(i)
    setStepIx(0)
    if (l.steps[0]) openStep(l.steps[0], l.title)
  }

  if (!lesson) {
    return (
      <section className="lesson" aria-label="Lessons" data-testid="lessons">
        <div className="lesson-nav" style={{ marginTop: 0 }}>
          <h3 style={{ flex: 1 }}>Lessons</h3>
          <button type="button" onClick={onClose} aria-label="Close lessons">
            ✕
          </button>
        </div>
        {LESSONS.map((l, i) => (
          <p key={l.id}>
            <button type="button" data-testid={`lesson-${l.id}`} onClick={() => start(i)}>
              {l.title}
            </button>{' '}
            <span className="muted">{l.summary}</span>
          </p>
        ))}
      </section>
    )
  }

  const step = lesson.steps[stepIx]!
  const go = (i: number): void => {
    setStepIx(i)
    const next = lesson.steps[i]
    if (next) openStep(next, lesson.title)
  }
  return (
    <section className="lesson" aria-label={lesson.title} data-testid="lesson-step">
      <div className="muted">
        {lesson.title} · step {stepIx + 1} of {lesson.steps.length}
      </div>
      <h3>{step.title}</h3>
      {step.body.map((p, i) => (
        <p key={i}>
          <Text text={p} />
        </p>
      ))}
      <div className="lesson-nav">
        <button type="button" onClick={() => setLessonIx(null)}>
          All lessons
        </button>
        <span className="spacer" />
        <button type="button" disabled={stepIx === 0} onClick={() => go(stepIx - 1)}>
          Back
        </button>
        {stepIx + 1 < lesson.steps.length ? (
          <button
            type="button"
            className="primary"
            data-testid="lesson-next"
            onClick={() => go(stepIx + 1)}
          >
            Next
          </button>
        ) : (
          <button type="button" className="primary" onClick={() => start(lessonIx! + 1)}>
            {lessonIx! + 1 < LESSONS.length ? 'Next lesson' : 'Done'}
          </button>
        )}
      </div>
    </section>
  )
}
