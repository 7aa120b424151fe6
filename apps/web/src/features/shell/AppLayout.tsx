import { ZeroLabError } from '@zerolab/shared'
import { useCallback, useEffect, useState, type ReactNode } from 'react'
import { getJob, notify, useTheme } from '../../state/appStore.ts'
import { clusterClient, openSignIn } from '../cluster/index.ts'
import { GalleryDialog } from '../gallery/index.ts'
import { GraphCanvas, JobValidity, Palette } from '../graph/index.ts'
import { Inspector } from '../inspector/index.ts'
import { LessonPanel } from '../lessons/index.ts'
import { createShare } from '../share/index.ts'
import { Dock } from './Dock.tsx'
import { ImportDialog } from './ImportDialog.tsx'
import { saveDraft } from './jobActions.ts'
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

type DialogKind = 'gallery' | 'import' | { share: string } | null

/** Where things go: top bar, palette + data | canvas + dock | lessons + inspector. */
export function AppLayout({ onRun, runToolbar, dataPanel, resultsPanel }: AppLayoutProps) {
  const theme = useTheme()
  const [dialog, setDialog] = useState<DialogKind>(null)
  const [lessons, setLessons] = useState(false)
  const [dockShare, setDockShare] = useState(DOCK_DEFAULT)
  useBootstrap()
  usePasteImport()

  useEffect(() => {
    document.documentElement.dataset.theme = theme
  }, [theme])

  const share = useCallback(() => {
    createShare(getJob(), clusterClient()?.session.token)
      .then((s) => {
        history.replaceState(null, '', s.url)
        void navigator.clipboard?.writeText(s.url).catch(() => undefined)
        setDialog({ share: s.url })
      })
      .catch((e: unknown) => {
        if (e instanceof ZeroLabError && e.code === 'UNAUTHORIZED') openSignIn()
        notify(e instanceof Error ? e.message : String(e), 'error')
      })
  }, [])

  useShortcuts({ run: onRun, save: saveDraft, share })

  return (
    <div className="app" data-theme={theme}>
      <TopBar
        runToolbar={runToolbar}
        onShare={share}
        onOpen={(d) => (d === 'lessons' ? setLessons(true) : setDialog(d))}
      />
      <div className="workspace">
        <aside className="sidebar left">
          <Palette />
          {dataPanel}
        </aside>
        <main
          className="center"
          style={{ gridTemplateRows: `minmax(160px, 1fr) 6px minmax(180px, ${dockShare * 100}%)` }}
        >
          <div className="canvas-area">
            <GraphCanvas />
            <JobValidity />
          </div>
          <Splitter share={dockShare} onChange={setDockShare} />
          <Dock resultsPanel={resultsPanel} />
        </main>
        <aside className="sidebar right">
          {lessons && <LessonPanel onClose={() => setLessons(false)} />}
          <Inspector />
        </aside>
      </div>
      <NoticeBar />
      {dialog === 'gallery' && <GalleryDialog onClose={() => setDialog(null)} />}
      {dialog === 'import' && <ImportDialog onClose={() => setDialog(null)} />}
      {dialog !== null && typeof dialog === 'object' && (
        <ShareDialog url={dialog.share} onClose={() => setDialog(null)} />
      )}
    </div>
  )
}
