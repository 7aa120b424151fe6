import { availableParallelism } from 'node:os'
import type { Executor } from '@zerolab/runtime'

export interface LocalExecutor extends Executor {
  size: number
  close(): void | Promise<void>
}

interface NodeModule {
  createNodePool?: (opts: { size: number }) => LocalExecutor
}

/**
 * The worker pool from @zerolab/runtime/node (one worker per core). If this checkout's
 * runtime has no pool yet, instances run in-process, one at a time per slot.
 */
export async function localExecutor(size = availableParallelism()): Promise<LocalExecutor> {
  const mod = (await import('@zerolab/runtime/node')) as unknown as NodeModule
  if (typeof mod.createNodePool === 'function') return mod.createNodePool({ size })
  const { runInstance } = await import('../../../../packages/runtime/src/sandbox/runInstance.ts')
  const cache = new Map<string, unknown>()
  return { size, run: (spec) => runInstance(spec, { cache }), close: async () => {} }
}
