import { describe, expect, it } from 'vitest'
import { emptyAccounting } from '@zerolab/shared'
import type { InstanceReport, JobReport } from '@zerolab/runtime'
import { reportSummary } from './reportSummary.ts'

const inst = (name: string, stdout: string): InstanceReport => ({
  id: 1,
  name,
  group: 'g',
  status: 'ok',
  exitCode: 0,
  validation: 0,
  accounting: emptyAccounting(),
  cdr: '',
  etags: {},
  outputs: [],
  stdout,
  stderr: '',
  bytesIn: 0,
  bytesOut: 0,
  wallMs: 0,
})

describe('reportSummary', () => {
  it('keeps small reports whole and cuts captured text past the budget', () => {
    const small: JobReport = {
      status: 'ok',
      seed: 's',
      epochMs: 0,
      instances: [inst('a', 'hi')],
      totals: {
        instances: 1,
        byStatus: {},
        notRun: 0,
        bytesIn: 0,
        bytesOut: 0,
        committed: 0,
        wallMs: 0,
      },
      warnings: [],
    }
    expect(reportSummary(small)).toEqual(small)
    const big = {
      ...small,
      instances: Array.from({ length: 100 }, (_, i) => inst(`m-${i}`, 'x'.repeat(16 * 1024))),
    }
    const s = reportSummary(big)
    const kept = s.instances.reduce((n, i) => n + i.stdout.length, 0)
    expect(kept).toBe(1024 * 1024)
    expect(s.instances[99]!.truncated?.stdout).toBe(true)
    expect(s.instances[0]!.truncated).toBeUndefined()
  })
})
