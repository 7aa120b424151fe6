import { Fragment, useState } from 'react'
import { LESSONS } from './lessons.ts'
import { finishLesson, goToStep, lessonById, restartStep, startLesson } from './lessonActions.ts'
import { setActiveLesson, showLessons, useLessons } from './lessonStore.ts'
import { useLessonContext } from './useLessonContext.ts'

function Text({ text }: { text: string }) {
  return (
    <>
      {text.split('`').map((part, i) => (
        <Fragment key={i}>{i % 2 ? <code>{part}</code> : part}</Fragment>
      ))}
    </>
  )
}

/** The lessons: a list with your progress, or the step you are on with its check. */
export function LessonPanel() {
  const open = useLessons((s) => s.open)
  const active = useLessons((s) => s.active)
  if (!open) return null
  const lesson = active ? lessonById(active) : undefined
  return lesson ? <LessonSteps id={lesson.id} /> : <LessonList />
}

function LessonList() {
  const progress = useLessons((s) => s.progress)
  const finished = useLessons((s) => s.finished)
  const after = finished ? LESSONS[LESSONS.findIndex((l) => l.id === finished) + 1] : undefined
  return (
    <section className="lesson" aria-label="Lessons" data-testid="lessons">
      <div className="lesson-nav" style={{ marginTop: 0 }}>
        <h3 style={{ flex: 1 }}>Lessons</h3>
        <button type="button" onClick={() => showLessons(false)} aria-label="Close lessons">
          ✕
        </button>
      </div>
      {finished && (
        <div className="lesson-check ok" role="status" data-testid="lesson-complete">
          ✓ {lessonById(finished)?.title} complete.{' '}
          {after ? (
            <button type="button" className="primary" onClick={() => void startLesson(after.id)}>
              Start {after.title}
            </button>
          ) : (
            'That was the last lesson: the examples are next.'
          )}
        </div>
      )}
      {LESSONS.map((l) => {
        const p = progress[l.id]
        const status = p?.done
          ? '✓ done'
          : p
            ? `step ${p.step + 1} of ${l.steps.length}`
            : `${l.steps.length} steps`
        return (
          <div key={l.id} className="lesson-item">
            <button
              type="button"
              data-testid={`lesson-${l.id}`}
              className={p?.done ? 'done' : ''}
              onClick={() => void startLesson(l.id)}
            >
              {l.title}
            </button>
            <span className="muted" data-testid={`lesson-status-${l.id}`}>
              {status}
            </span>
            <div className="muted">{l.summary}</div>
          </div>
        )
      })}
    </section>
  )
}

function LessonSteps({ id }: { id: string }) {
  const lesson = lessonById(id)!
  const progress = useLessons((s) => s.progress[id])
  const ctx = useLessonContext()
  const [refused, setRefused] = useState<string | null>(null)
  const i = Math.min(progress?.step ?? 0, lesson.steps.length - 1)
  const step = lesson.steps[i]!
  const hint = step.check ? step.check(ctx) : null
  const last = i + 1 === lesson.steps.length

  const next = (): void => {
    if (hint) {
      setRefused(hint)
      return
    }
    setRefused(null)
    if (!last) void goToStep(id, i + 1)
    else finishLesson(id)
  }

  return (
    <section className="lesson" aria-label={lesson.title} data-testid="lesson-step">
      <div className="muted">
        {lesson.title} · step {i + 1} of {lesson.steps.length}
      </div>
      <ol className="lesson-dots" aria-hidden="true">
        {lesson.steps.map((_, k) => (
          <li key={k} className={k < i ? 'past' : k === i ? 'current' : ''} />
        ))}
      </ol>
      <h3>{step.title}</h3>
      {step.body.map((p, k) => (
        <p key={k}>
          <Text text={p} />
        </p>
      ))}
      {step.check && (
        <p
          className={
            hint ? (refused ? 'lesson-check todo refused' : 'lesson-check todo') : 'lesson-check ok'
          }
          data-testid="lesson-check"
          data-done={hint ? 'false' : 'true'}
          role={refused ? 'alert' : 'status'}
        >
          {hint ? (
            refused ? (
              <>
                Not yet: <Text text={hint} />
              </>
            ) : (
              'Do the step, then press Next.'
            )
          ) : (
            '✓ Done.'
          )}
        </p>
      )}
      <div className="lesson-nav">
        <button type="button" data-testid="lesson-all" onClick={() => setActiveLesson(null)}>
          All lessons
        </button>
        <button
          type="button"
          className="link"
          title="Open this step’s job again (you can undo it)"
          onClick={() => void restartStep(id, i)}
        >
          Start over
        </button>
        <span className="spacer" />
        <button
          type="button"
          disabled={i === 0}
          data-testid="lesson-back"
          onClick={() => {
            setRefused(null)
            void goToStep(id, i - 1)
          }}
        >
          Back
        </button>
        <button type="button" className="primary" data-testid="lesson-next" onClick={next}>
          {last ? 'Finish' : 'Next'}
        </button>
      </div>
    </section>
  )
}
