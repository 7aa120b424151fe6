import { createStore, useStore } from '../../state/createStore.ts'
import type { Determinism } from './determinism.ts'
import type { RunView } from './runState.ts'

export interface RunsState {
  current: RunView | null
  determinism: Determinism | null
  /** Server job id of the current cluster run. */
  clusterJobId: string | null
  /** Runs of this page that ended, newest first (compare two runs, lesson checks). */
  past: RunView[]
}

export const MAX_PAST_RUNS = 12

export const runStore = createStore<RunsState>({
  current: null,
  determinism: null,
  clusterJobId: null,
  past: [],
})

export const useRuns = <S>(select: (s: RunsState) => S): S => useStore(runStore, select)
