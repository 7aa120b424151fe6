import { Dialog } from '../../ui/Dialog.tsx'
import { LESSONS } from './lessons.ts'
import { startLesson } from './lessonActions.ts'

const KEY = 'zerolab.welcomed'

/** A first visit: nothing saved in this browser yet and no link to open. */
export function isFirstVisit(): boolean {
  try {
    return (
      localStorage.getItem(KEY) === null &&
      localStorage.getItem('zerolab.current') === null &&
      location.hash.length <= 1 &&
      !location.pathname.startsWith('/s/') &&
      !new URLSearchParams(location.search).has('lesson')
    )
  } catch {
    return false
  }
}

export function markWelcomed(): void {
  try {
    localStorage.setItem(KEY, '1')
  } catch {
    // shown again next time: harmless
  }
}

/** What ZeroLab is, and a way in: the first lesson, the examples, or just the hello job. */
export function WelcomeDialog(props: { onClose: () => void; onExamples: () => void }) {
  const close = (): void => {
    markWelcomed()
    props.onClose()
  }
  return (
    <Dialog title="Welcome to ZeroLab" onClose={close} testId="welcome">
      <p>
        Draw a job as a graph of stages, write each stage’s code, and run it in a WebAssembly
        sandbox right here in your browser — or on a server, next to the data it reads.
      </p>
      <p className="muted">
        {LESSONS.length} short lessons take you from one stage to a map-reduce on the cluster, with
        a check at every step. Your work is saved in this browser as you go.
      </p>
      <div className="lesson-nav">
        <button
          type="button"
          className="primary"
          data-testid="welcome-start"
          onClick={() => {
            close()
            void startLesson(LESSONS[0]!.id)
          }}
        >
          Start lesson 1
        </button>
        <button
          type="button"
          data-testid="welcome-examples"
          onClick={() => {
            close()
            props.onExamples()
          }}
        >
          Browse examples
        </button>
        <button type="button" data-testid="welcome-explore" onClick={close}>
          Just explore
        </button>
      </div>
    </Dialog>
  )
}
