import { clearProgress, getJob, notify, setDock, setNodeProgress } from '../../state/appStore.ts'
import { clusterClient, openSignIn } from '../cluster/index.ts'
import { createRunController } from './createRunController.ts'
import { EtagMemory } from './determinism.ts'
import type { RunTarget } from './runState.ts'
import { runStore } from './runStore.ts'

/** The page's run controller, wired to the app store, the cluster session and the lazy runtime. */
export const runController = createRunController({
  runs: runStore,
  ui: { notify, setDock, setNodeProgress, clearProgress },
  localRuntime: () => import('../../runtime/localRuntime.ts').then((m) => m.getLocalRuntime()),
  cluster: clusterClient,
  openSignIn: () => openSignIn(),
  etagMemory: () => new EtagMemory(localStorage),
})

/** Runs the designer's current job; `local` by default. */
export function runDesignerJob(target: RunTarget = 'local'): void {
  const job = getJob()
  void (target === 'local' ? runController.runLocal(job) : runController.runOnCluster(job))
}
