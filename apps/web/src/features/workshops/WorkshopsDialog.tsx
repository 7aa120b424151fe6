import { toZeroLabError, type WorkshopStudentsView, type WorkshopView } from '@zerolab/shared'
import { useCallback, useEffect, useState, type FormEvent } from 'react'
import { ConfirmButton } from '../../ui/ConfirmButton.tsx'
import { Dialog } from '../../ui/Dialog.tsx'
import { clusterClient, openSignIn, useCluster } from '../cluster/index.ts'
import { LESSONS } from '../lessons/index.ts'
import { runController } from '../runs/index.ts'
import { lessonContainers } from './lessonContainers.ts'
import { WorkshopApi } from './workshopApi.ts'
import './workshops.css'

const when = (iso: string): string => new Date(iso).toLocaleTimeString()

/**
 * The instructor's workshops (an account admin): make a lesson link for students, copy it, see
 * who joined and their runs (each opens its report), close it.
 */
export function WorkshopsDialog({ onClose }: { onClose: () => void }) {
  const session = useCluster((s) => s.session)
  const [workshops, setWorkshops] = useState<WorkshopView[] | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [created, setCreated] = useState<string | null>(null)
  const api = session ? new WorkshopApi(session) : null

  const load = useCallback(async () => {
    if (!session) return
    try {
      setWorkshops(await new WorkshopApi(session).list())
      setError(null)
    } catch (e) {
      setError(toZeroLabError(e).message)
    }
  }, [session])

  useEffect(() => {
    void load()
  }, [load])

  if (!session || !api)
    return (
      <Dialog title="Workshops" onClose={onClose} testId="workshops-dialog">
        <p className="muted">
          An instructor signs in as an admin of an account, makes a lesson link here and hands it
          out; students join under their own names and their runs show up here.
        </p>
        <button type="button" className="primary" onClick={() => openSignIn(true)}>
          Sign in
        </button>
      </Dialog>
    )

  return (
    <Dialog title="Workshops" onClose={onClose} testId="workshops-dialog">
      <CreateWorkshop
        api={api}
        onCreated={(w) => {
          setCreated(w.id)
          void load()
        }}
      />
      {error && (
        <p className="error-text" role="alert" data-testid="workshops-error">
          {error}
        </p>
      )}
      {workshops && workshops.length === 0 && <p className="muted">No workshops yet.</p>}
      <ul className="workshop-list" data-testid="workshop-list">
        {workshops?.map((w) => (
          <WorkshopItem
            key={w.id}
            api={api}
            workshop={w}
            fresh={w.id === created}
            onChanged={() => void load()}
            onOpenRun={onClose}
          />
        ))}
      </ul>
    </Dialog>
  )
}

function CreateWorkshop({
  api,
  onCreated,
}: {
  api: WorkshopApi
  onCreated: (w: WorkshopView) => void
}) {
  const [lesson, setLesson] = useState(LESSONS.at(-1)!.id)
  const [title, setTitle] = useState('')
  const [containers, setContainers] = useState<string[]>([])
  const [read, setRead] = useState<string[]>([])
  const [write, setWrite] = useState<string[]>([])
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)

  useEffect(() => {
    let live = true
    void (async () => {
      const all =
        (await clusterClient()
          ?.containers()
          .catch(() => [])) ?? []
      const names = all.map((c) => c.name)
      const want = await lessonContainers(LESSONS.find((l) => l.id === lesson)!)
      if (!live) return
      setContainers(names)
      setRead(want.read.filter((c) => names.includes(c)))
      setWrite(want.write.filter((c) => names.includes(c)))
    })()
    return () => {
      live = false
    }
  }, [lesson])

  const toggle = (list: string[], set: (l: string[]) => void, c: string): void =>
    set(list.includes(c) ? list.filter((x) => x !== c) : [...list, c])

  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault()
    setBusy(true)
    setError(null)
    try {
      onCreated(
        await api.create({ lesson, read, write, ...(title.trim() ? { title: title.trim() } : {}) }),
      )
      setTitle('')
    } catch (err) {
      setError(toZeroLabError(err).message)
    } finally {
      setBusy(false)
    }
  }

  return (
    <form className="workshop-form" data-testid="workshop-create" onSubmit={(e) => void submit(e)}>
      <label>
        Lesson
        <select
          data-testid="workshop-lesson"
          value={lesson}
          onChange={(e) => setLesson(e.target.value)}
        >
          {LESSONS.map((l) => (
            <option key={l.id} value={l.id}>
              {l.title}
            </option>
          ))}
        </select>
      </label>
      <label>
        Title
        <input
          data-testid="workshop-title"
          value={title}
          placeholder="e.g. Map-reduce, Monday 10:00"
          maxLength={120}
          onChange={(e) => setTitle(e.target.value)}
        />
      </label>
      {containers.length > 0 && (
        <fieldset className="workshop-access">
          <legend>Students may</legend>
          <table>
            <thead>
              <tr>
                <th>container</th>
                <th>read</th>
                <th>write</th>
              </tr>
            </thead>
            <tbody>
              {containers.map((c) => (
                <tr key={c}>
                  <td>
                    <code>{c}</code>
                  </td>
                  <td>
                    <input
                      type="checkbox"
                      aria-label={`students read ${c}`}
                      data-testid={`workshop-read-${c}`}
                      checked={read.includes(c) || write.includes(c)}
                      disabled={write.includes(c)}
                      onChange={() => toggle(read, setRead, c)}
                    />
                  </td>
                  <td>
                    <input
                      type="checkbox"
                      aria-label={`students write ${c}`}
                      data-testid={`workshop-write-${c}`}
                      checked={write.includes(c)}
                      onChange={() => toggle(write, setWrite, c)}
                    />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </fieldset>
      )}
      <button
        type="submit"
        className="primary"
        data-testid="workshop-create-submit"
        disabled={busy}
      >
        {busy ? 'Creating…' : 'Create link'}
      </button>
      {error && (
        <p className="error-text" role="alert" data-testid="workshop-create-error">
          {error}
        </p>
      )}
    </form>
  )
}

function WorkshopItem({
  api,
  workshop: w,
  fresh,
  onChanged,
  onOpenRun,
}: {
  api: WorkshopApi
  workshop: WorkshopView
  fresh: boolean
  onChanged: () => void
  onOpenRun: () => void
}) {
  const [students, setStudents] = useState<WorkshopStudentsView['students'] | null>(null)
  // The list's count is from when it loaded; the students loaded since are newer.
  const count = students?.length ?? w.students
  const [error, setError] = useState<string | null>(null)
  const [copied, setCopied] = useState(false)
  const lesson = LESSONS.find((l) => l.id === w.lesson)

  const loadStudents = async (): Promise<void> => {
    try {
      setStudents((await api.students(w.id)).students)
      setError(null)
    } catch (e) {
      setError(toZeroLabError(e).message)
    }
  }

  return (
    <li className={fresh ? 'workshop fresh' : 'workshop'} data-testid={`workshop-${w.id}`}>
      <div>
        <strong data-testid="workshop-item-title">{w.title}</strong>{' '}
        <span className="muted">
          {lesson?.title ?? w.lesson} · {count} student{count === 1 ? '' : 's'}
          {w.closedAt ? ' · closed' : ''}
        </span>
      </div>
      {!w.closedAt && (
        <div className="share-row">
          <input
            readOnly
            value={w.url}
            aria-label="Workshop link"
            data-testid="workshop-url"
            onFocus={(e) => e.target.select()}
          />
          <button
            type="button"
            data-testid="workshop-copy"
            onClick={() =>
              void navigator.clipboard
                .writeText(w.url)
                .then(() => setCopied(true))
                .catch(() => setCopied(false))
            }
          >
            {copied ? 'Copied' : 'Copy'}
          </button>
        </div>
      )}
      <div className="toolbar-group">
        <button type="button" data-testid="workshop-students" onClick={() => void loadStudents()}>
          {students ? 'Refresh students' : 'Students'}
        </button>
        {!w.closedAt && (
          <ConfirmButton
            label="Close"
            confirm="Close: no more joins"
            testId="workshop-close"
            onConfirm={() =>
              void api
                .close(w.id)
                .then(onChanged, (e: unknown) => setError(toZeroLabError(e).message))
            }
          >
            Close
          </ConfirmButton>
        )}
      </div>
      {error && <p className="error-text">{error}</p>}
      {students && students.length === 0 && (
        <p className="muted">Nobody has joined yet: hand out the link.</p>
      )}
      {students && students.length > 0 && (
        <table className="workshop-students" data-testid="workshop-student-table">
          <thead>
            <tr>
              <th>student</th>
              <th>joined</th>
              <th>runs (newest first)</th>
            </tr>
          </thead>
          <tbody>
            {students.map((s) => (
              <tr key={s.user} data-testid={`student-${s.user}`}>
                <td>{s.user}</td>
                <td>{when(s.joinedAt)}</td>
                <td>
                  {s.runs.length === 0 && <span className="muted">no runs yet</span>}
                  {s.runs.map((j) => (
                    <button
                      key={j.id}
                      type="button"
                      className="link"
                      data-testid={`student-run-${j.id}`}
                      title={`job ${j.id}, ${when(j.createdAt)}: open its report`}
                      onClick={() => {
                        void runController.showClusterJob(j.id)
                        onOpenRun()
                      }}
                    >
                      <span className={`zl-status status-${j.status}`}>{j.status}</span>
                    </button>
                  ))}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </li>
  )
}
