import { ZeroLabError } from '@zerolab/shared'
import { useCallback, useEffect, useState, type ReactNode } from 'react'
import { getJob, notify, useTheme } from '../../state/appStore.ts'
import { clusterClient, openSignIn } from '../cluster/index.ts'
import { GalleryDialog } from '../gallery/index.ts'
import { GraphCanvas, JobValidity, Palette } from '../graph/index.ts'
import { Inspector } from '../inspector/index.ts'
import {
  LessonPanel,
  WelcomeDialog,
  isFirstVisit,
  showLessons,
  startLesson,
} from '../lessons/index.ts'
import { createShare } from '../share/index.ts'
import { JoinWorkshopDialog, WorkshopsDialog, workshopFromUrl } from '../workshops/index.ts'
import { Dock } from './Dock.tsx'
import { ImportDialog } from './ImportDialog.tsx'
import { saveDraftNow } from './jobActions.ts'
import { RecentDialog } from './RecentDialog.tsx'
import { useAutosave } from './useAutosave.ts'
import { NoticeBar } from './NoticeBar.tsx'
import { ShareDialog } from './ShareDialog.tsx'
import { Splitter } from './Splitter.tsx'
import { DOCK_DEFAULT } from './dockSplit.ts'
import { TopBar } from './TopBar.tsx'
import { useBootstrap } from './useBootstrap.ts'
import { usePasteImport } from './usePasteImport.ts'
import { useShortcuts } from './useShortcuts.ts'

export interface AppLayoutProps {
  /** Runs the designer's job (Ctrl/Cmd+Enter). */
  onRun: () => void
  runToolbar: ReactNode
  dataPanel: ReactNode
  resultsPanel: ReactNode
}

type DialogKind =
  | 'gallery'
  | 'import'
  | 'recent'
  | 'welcome'
  | 'workshops'
  | { share: string }
  | { join: string }
  | null

/** A workshop link (`/?workshop=<id>`) asks to join first; else a first visit gets the welcome. */
function firstDialog(): DialogKind {
  const join = typeof location === 'undefined' ? null : workshopFromUrl(location.search)
  if (join) return { join }
  return isFirstVisit() ? 'welcome' : null
}

/**
 * Where things go: the top bar; palette + data | graph | lesson + inspector; below them the
 * editors and the results side by side, so code, graph and results are seen together.
 */
export function AppLayout({ onRun, runToolbar, dataPanel, resultsPanel }: AppLayoutProps) {
  const theme = useTheme()
  // Read before the bootstrap saves anything: a first visit gets the welcome.
  const [dialog, setDialog] = useState<DialogKind>(firstDialog)
  const [dockShare, setDockShare] = useState(DOCK_DEFAULT)
  useBootstrap()
  useEffect(() => {
    // A lesson link (`/?lesson=<id>`, what an instructor shares) starts that lesson.
    const lesson = new URLSearchParams(location.search).get('lesson')
    if (lesson) void startLesson(lesson)
  }, [])
  useAutosave()
  usePasteImport()

  useEffect(() => {
    document.documentElement.dataset.theme = theme
  }, [theme])

  const share = useCallback(() => {
    createShare(getJob(), clusterClient()?.session.token)
      .then((s) => {
        // The address bar keeps the page's own URL: a reload opens your draft, not this link.
        void navigator.clipboard?.writeText(s.url).catch(() => undefined)
        setDialog({ share: s.url })
      })
      .catch((e: unknown) => {
        if (e instanceof ZeroLabError && e.code === 'UNAUTHORIZED') openSignIn()
        notify(e instanceof Error ? e.message : String(e), 'error')
      })
  }, [])

  useShortcuts({ run: onRun, save: saveDraftNow, share })

  return (
    <div className="app" data-theme={theme}>
      <TopBar
        runToolbar={runToolbar}
        onShare={share}
        onOpen={(d) => (d === 'lessons' ? showLessons() : setDialog(d))}
      />
      <div
        className="workspace"
        style={{ gridTemplateRows: `minmax(150px, 1fr) 6px minmax(180px, ${dockShare * 100}%)` }}
      >
        <aside className="sidebar left">
          <Palette />
          {dataPanel}
        </aside>
        <main className="canvas-area" aria-label="Job graph">
          <GraphCanvas />
          <JobValidity />
        </main>
        <aside className="sidebar right">
          <LessonPanel />
          <Inspector />
        </aside>
        <Splitter
          orientation="horizontal"
          share={dockShare}
          after
          fallback={DOCK_DEFAULT}
          onChange={setDockShare}
          label="Resize the graph and the editors"
          testId="dock-splitter"
        />
        <Dock resultsPanel={resultsPanel} />
      </div>
      <NoticeBar />
      {dialog === 'gallery' && <GalleryDialog onClose={() => setDialog(null)} />}
      {dialog === 'import' && <ImportDialog onClose={() => setDialog(null)} />}
      {dialog === 'recent' && <RecentDialog onClose={() => setDialog(null)} />}
      {dialog === 'welcome' && (
        <WelcomeDialog onClose={() => setDialog(null)} onExamples={() => setDialog('gallery')} />
      )}
      {dialog === 'workshops' && <WorkshopsDialog onClose={() => setDialog(null)} />}
      {dialog !== null && typeof dialog === 'object' && 'share' in dialog && (
        <ShareDialog url={dialog.share} onClose={() => setDialog(null)} />
      )}
      {dialog !== null && typeof dialog === 'object' && 'join' in dialog && (
        <JoinWorkshopDialog id={dialog.join} onClose={() => setDialog(null)} />
      )}
    </div>
  )
}
