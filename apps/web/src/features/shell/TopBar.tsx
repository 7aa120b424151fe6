import type { ReactNode } from 'react'
import {
  redoJob,
  setTheme,
  undoJob,
  updateJob,
  useApp,
  useTheme,
  useTitle,
} from '../../state/appStore.ts'
import { autoLayout } from '../graph/index.ts'
import { exportJob, newJob, saveDraftNow } from './jobActions.ts'

export interface TopBarProps {
  runToolbar: ReactNode
  onOpen: (dialog: 'gallery' | 'import' | 'lessons' | 'recent' | 'workshops') => void
  onShare: () => void
}

export function TopBar({ runToolbar, onOpen, onShare }: TopBarProps) {
  const theme = useTheme()
  const title = useTitle()
  const canUndo = useApp((s) => s.history.past.length > 0)
  const canRedo = useApp((s) => s.history.future.length > 0)
  return (
    <header className="topbar">
      <div className="brand">
        Zero<span>Lab</span>
      </div>
      <span className="job-title" data-testid="job-title" title={title}>
        {title}
      </span>
      <div className="toolbar-group">
        <button type="button" data-testid="new-job" title="Start an empty job" onClick={newJob}>
          New
        </button>
        <button type="button" data-testid="open-recent" onClick={() => onOpen('recent')}>
          Recent
        </button>
        <button type="button" data-testid="open-gallery" onClick={() => onOpen('gallery')}>
          Examples
        </button>
        <button type="button" data-testid="open-lessons" onClick={() => onOpen('lessons')}>
          Lessons
        </button>
        <button
          type="button"
          data-testid="open-workshops"
          title="Teach a lesson: a link for students, and their runs"
          onClick={() => onOpen('workshops')}
        >
          Workshop
        </button>
        <button type="button" data-testid="open-import" onClick={() => onOpen('import')}>
          Import
        </button>
        <button type="button" data-testid="export" onClick={exportJob}>
          Export
        </button>
        <button
          type="button"
          data-testid="save"
          title="Jobs save in this browser as you edit; Ctrl+S saves at once"
          onClick={saveDraftNow}
        >
          Save
        </button>
        <button
          type="button"
          data-testid="share"
          title="Share link (Ctrl+Shift+S)"
          onClick={onShare}
        >
          Share
        </button>
      </div>
      <div className="toolbar-group">
        <button
          type="button"
          aria-label="Undo"
          title="Undo (Ctrl+Z)"
          disabled={!canUndo}
          onClick={undoJob}
          data-testid="undo"
        >
          ↶
        </button>
        <button
          type="button"
          aria-label="Redo"
          title="Redo (Ctrl+Shift+Z)"
          disabled={!canRedo}
          onClick={redoJob}
          data-testid="redo"
        >
          ↷
        </button>
        <button
          type="button"
          title="Lay the graph out by connect depth"
          data-testid="auto-layout"
          onClick={() => updateJob(autoLayout)}
        >
          Layout
        </button>
      </div>
      <div className="spacer" />
      {runToolbar}
      <button
        type="button"
        aria-label={theme === 'dark' ? 'Switch to light theme' : 'Switch to dark theme'}
        data-testid="theme-toggle"
        onClick={() => setTheme(theme === 'dark' ? 'light' : 'dark')}
      >
        {theme === 'dark' ? '☀' : '☾'}
      </button>
    </header>
  )
}
