// Fresh means fresh: every container a lesson's job names exists on a freshly seeded server.
import { RESULTS_CONTAINER, jobContainers } from '@zerolab/examples/containers'
import { seededContainers } from '@zerolab/examples/seed'
import { describe, expect, it } from 'vitest'
import { LESSONS, UPPER_OUTPUT } from '../../src/features/lessons/lessons.ts'

describe('lesson jobs on a fresh server', () => {
  it('read and write only containers the seed creates', () => {
    const seeded = new Set(seededContainers())
    expect(seeded.has(RESULTS_CONTAINER)).toBe(true)
    for (const step of LESSONS.flatMap((l) => l.steps))
      if (step.job) for (const c of jobContainers(step.job())) expect(seeded).toContain(c)
    // The output lesson 2 asks you to add goes there too.
    expect(jobContainers([{ devices: [{ path: UPPER_OUTPUT }] }])).toEqual([RESULTS_CONTAINER])
  })
})
