import { runJob, type JobEvent, type JobReport } from '@zerolab/runtime'
import { parseJob, type Job } from '@zerolab/shared'
import { createWebRuntime } from './createWebRuntime.ts'
import { bumpPageStore, getPageStore } from '../objectStore/pageObjectStore.ts'
import { LOCAL_ACCOUNT } from '../objectStore/seedSamples.ts'

export interface LocalRuntime {
  run(job: Job, o: { signal?: AbortSignal; onEvent?: (e: JobEvent) => void }): Promise<JobReport>
  /**
   * Runs an empty JavaScript stage, so the worker, QuickJS and the JS image are loaded (and in
   * the HTTP cache for workers spawned later): local runs then no longer need the server.
   */
  warmUp?(): Promise<void>
}

const warmJob = (): Job =>
  parseJob({ version: 1, groups: [{ name: 'warm-up', exec: { image: 'js', source: '' } }] })

let runtime: Promise<LocalRuntime> | null = null

/**
 * Local runs: the engine on the page schedules instances onto a pool of Web Workers and
 * reads/writes the IndexedDB store. Created on the first run (this module is a lazy chunk).
 */
export function getLocalRuntime(): Promise<LocalRuntime> {
  runtime ??= (async () => {
    const store = await getPageStore()
    const { pool, size } = createWebRuntime()
    return {
      async run(job, o) {
        try {
          const opts: Parameters<typeof runJob>[1] = {
            store,
            executor: pool,
            account: LOCAL_ACCOUNT,
            concurrency: size,
          }
          if (o.signal) opts.signal = o.signal
          if (o.onEvent) opts.onEvent = o.onEvent
          const { report } = await runJob(job, opts)
          return report
        } finally {
          bumpPageStore()
        }
      },
      async warmUp() {
        await runJob(warmJob(), { store, executor: pool, account: LOCAL_ACCOUNT, concurrency: 1 })
      },
    }
  })()
  runtime.catch(() => (runtime = null))
  return runtime
}
