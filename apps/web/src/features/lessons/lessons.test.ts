import { parseJob } from '@zerolab/shared'
import { describe, expect, it } from 'vitest'
import { listExamples } from '../gallery/index.ts'
import { LESSONS } from './lessons.ts'

describe('lessons', () => {
  it('are at least three, each step with a title and text', () => {
    expect(LESSONS.length).toBeGreaterThanOrEqual(3)
    for (const l of LESSONS) {
      expect(l.steps.length).toBeGreaterThan(0)
      for (const s of l.steps) expect(s.title && s.body.length).toBeTruthy()
    }
  })

  it('open only valid jobs', () => {
    for (const step of LESSONS.flatMap((l) => l.steps)) {
      if (step.job) expect(() => parseJob(step.job!())).not.toThrow()
    }
  })

  it('name only examples that are bundled', () => {
    const ids = new Set(listExamples().map((e) => e.id))
    for (const step of LESSONS.flatMap((l) => l.steps)) {
      if (step.example) expect(ids.has(step.example)).toBe(true)
    }
  })
})
