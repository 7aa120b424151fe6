import { useMemo } from 'react'
import { runController, runDesignerJob } from './runController.ts'
import type { RunTarget } from './runState.ts'
import { useRuns } from './runStore.ts'

export type { RunTarget } from './runState.ts'

export interface Runner {
  /** Runs the designer's current job; `local` by default. */
  run(target?: RunTarget): void
  cancel(): void
  running: boolean
}

export function useRunner(): Runner {
  const running = useRuns(
    (s) => s.current !== null && (s.current.phase === 'starting' || s.current.phase === 'running'),
  )
  return useMemo(
    () => ({ run: runDesignerJob, cancel: () => void runController.cancel(), running }),
    [running],
  )
}
