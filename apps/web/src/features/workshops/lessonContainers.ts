import { RESULTS_CONTAINER, jobContainers } from '@zerolab/examples/containers'
import { loadExample } from '../gallery/index.ts'
import type { Lesson } from '../lessons/index.ts'

const NAMED = /swift:\/\/~\/([^/*?[\]\s`]+)\//g

/**
 * The containers a lesson's jobs and text name (`swift://~/<container>/…`), split into what students
 * read and where they write: a workshop grants exactly these to its students by default.
 */
export async function lessonContainers(
  lesson: Lesson,
): Promise<{ read: string[]; write: string[] }> {
  const names = new Set<string>()
  for (const step of lesson.steps) {
    const job = step.job ? step.job() : step.example ? await loadExample(step.example) : null
    if (job) for (const c of jobContainers(job)) names.add(c)
    // What a step asks you to add (an output path) is only in its text.
    for (const p of step.body) for (const m of p.matchAll(NAMED)) names.add(m[1]!)
  }
  const write = [...names].filter((c) => c === RESULTS_CONTAINER || c.endsWith('-out'))
  return { read: [...names].filter((c) => !write.includes(c)), write }
}
