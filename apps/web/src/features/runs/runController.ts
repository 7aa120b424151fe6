import {
  appStore,
  clearProgress,
  getJob,
  notify,
  setEditorTab,
  setEdgeFlows,
  setNodeProgress,
} from '../../state/appStore.ts'
import { setLeaveReason } from '../../state/leaveGuard.ts'
import { clusterClient, openSignIn } from '../cluster/index.ts'
import { createRunController } from './createRunController.ts'
import { EtagMemory } from './determinism.ts'
import type { RunTarget } from './runState.ts'
import { runStore } from './runStore.ts'

const PENDING = 'zerolab.cluster.pendingJob'

/** The page's run controller, wired to the app store, the cluster session and the lazy runtime. */
export const runController = createRunController({
  runs: runStore,
  ui: {
    notify,
    setNodeProgress,
    setEdgeFlows,
    clearProgress,
    guardLeave: (reason) => setLeaveReason('run', reason),
  },
  localRuntime: () => import('../../runtime/localRuntime.ts').then((m) => m.getLocalRuntime()),
  cluster: clusterClient,
  openSignIn: (then) => openSignIn(true, then),
  etagMemory: () => new EtagMemory(localStorage),
  pendingClusterJob: {
    get: () => sessionStorage.getItem(PENDING),
    set: (id) => (id ? sessionStorage.setItem(PENDING, id) : sessionStorage.removeItem(PENDING)),
  },
})

/** Runs the designer's current job; `local` by default. Refuses while the JSON tab is broken. */
export function runDesignerJob(target: RunTarget = 'local'): void {
  const draft = appStore.get().json
  if (draft) {
    setEditorTab('json')
    notify(
      `Not run: the Job JSON tab is not a job (${draft.problem}). Fix it, or undo (Ctrl+Z).`,
      'error',
    )
    return
  }
  const job = getJob()
  void (target === 'local' ? runController.runLocal(job) : runController.runOnCluster(job))
}

/** A reloaded page follows the cluster job it was watching. */
export function resumeClusterRun(): void {
  const id = sessionStorage.getItem(PENDING)
  if (id) void runController.attachClusterJob(id)
}

// Results belong to the job they came from: opening another job (or undoing an open) clears
// them, unless a run is still going.
let shownDraft = appStore.get().history.present.draftId
appStore.subscribe(() => {
  const draftId = appStore.get().history.present.draftId
  if (draftId === shownDraft) return
  shownDraft = draftId
  if (!runController.isRunning() && runStore.get().current)
    runStore.set((s) => ({ ...s, current: null, determinism: null, clusterJobId: null }))
})
