import { useMemo } from 'react'
import { useJob } from '../../state/appStore.ts'
import { useCluster } from '../cluster/index.ts'
import { jobKey, useRuns } from '../runs/index.ts'
import type { LessonContext } from './lessons.ts'

/** What the lesson checks look at: the job as it is now and the runs of exactly that job. */
export function useLessonContext(): LessonContext {
  const job = useJob()
  const past = useRuns((s) => s.past)
  const determinism = useRuns((s) => s.determinism)
  const signedIn = useCluster((s) => s.session !== null)
  return useMemo(() => {
    const key = jobKey(job)
    const runs = past.filter((r) => r.jobKey === key)
    return {
      job,
      runs,
      determinism: past[0] && past[0].jobKey === key ? determinism : null,
      signedIn,
    }
  }, [job, past, determinism, signedIn])
}
