import { createStore, useStore } from '../../state/createStore.ts'
import type { Determinism } from './determinism.ts'
import type { RunView } from './runState.ts'

export interface RunsState {
  current: RunView | null
  determinism: Determinism | null
  /** Server job id of the current cluster run. */
  clusterJobId: string | null
}

export const runStore = createStore<RunsState>({
  current: null,
  determinism: null,
  clusterJobId: null,
})

export const useRuns = <S>(select: (s: RunsState) => S): S => useStore(runStore, select)
