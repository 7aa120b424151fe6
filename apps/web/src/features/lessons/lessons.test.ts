import { parseJob } from '@zerolab/shared'
import { describe, expect, it } from 'vitest'
import { listExamples } from '../gallery/index.ts'
import type { RunView } from '../runs/index.ts'
import type { JobDocument } from '../../state/jobDocument.ts'
import { LESSONS, UPPER_OUTPUT, type LessonContext } from './lessons.ts'

const stepOf = (lesson: string, i: number) => LESSONS.find((l) => l.id === lesson)!.steps[i]!

function run(o: Partial<RunView> & { out?: Record<string, string> }): RunView {
  const names = Object.keys(o.out ?? {})
  return {
    id: 'r',
    target: o.target ?? 'local',
    jobKey: 'k',
    phase: o.phase ?? 'ok',
    startedAt: 0,
    order: o.order ?? names,
    instances:
      o.instances ??
      Object.fromEntries(
        names.map((n) => [
          n,
          { name: n, group: n.replace(/-\d+$/, ''), phase: 'ok', stdout: o.out![n] },
        ]),
      ),
  }
}

const ctx = (job: JobDocument, runs: RunView[] = [], more: Partial<LessonContext> = {}) => ({
  job,
  runs,
  determinism: null,
  signedIn: false,
  ...more,
})

describe('lessons', () => {
  it('every step has a title and text; every step that opens a job opens a valid one', () => {
    expect(LESSONS.length).toBeGreaterThanOrEqual(4)
    for (const l of LESSONS) {
      expect(l.steps.length).toBeGreaterThan(0)
      for (const s of l.steps) {
        expect(s.title && s.body.length).toBeTruthy()
        if (s.job) expect(() => parseJob(s.job!())).not.toThrow()
      }
    }
  })

  it('name only bundled examples', () => {
    const ids = new Set(listExamples().map((e) => e.id))
    for (const step of LESSONS.flatMap((l) => l.steps))
      if (step.example) expect(ids.has(step.example)).toBe(true)
  })

  it('lesson 1: a run is needed; wrong arguments are refused with what to type', () => {
    const first = stepOf('first-stage', 0)
    const job = first.job!()
    expect(first.check!(ctx(job))).toMatch(/Press ▶ Run/)
    expect(first.check!(ctx(job, [run({ phase: 'failed', out: { hello: '' } })]))).toMatch(
      /ended failed/,
    )
    expect(first.check!(ctx(job, [run({ out: { hello: 'hello from hello' } })]))).toBeNull()

    const second = stepOf('first-stage', 1)
    expect(second.check!(ctx(job))).toMatch(/Change the code first/)
    const edited = (args?: string): JobDocument => ({
      ...job,
      groups: [
        { ...job.groups[0]!, exec: { ...job.groups[0]!.exec, source: 'console.log(1)', args } },
      ],
    })
    expect(second.check!(ctx(edited()))).toMatch(/Type `-n 3` into Arguments/)
    expect(second.check!(ctx(edited('-n3')))).toMatch(/Arguments are `-n3`/)
    expect(second.check!(ctx(edited('-n 3')))).toMatch(/Press ▶ Run/)
    expect(second.check!(ctx(edited('-n 3'), [run({ out: { hello: '1' } })]))).toBeNull()

    const third = stepOf('first-stage', 2)
    const ran = [run({ out: { hello: '1' } })]
    expect(third.check!(ctx(job, ran, { determinism: { kind: 'first' } }))).toMatch(/Run once more/)
    expect(third.check!(ctx(job, ran, { determinism: { kind: 'same', count: 1 } }))).toBeNull()
  })

  it('lesson 2: a duplicate device (the old "+ device" trap) and a wrong path are named', () => {
    const step = stepOf('objects', 1)
    const base = stepOf('objects', 0).job!()
    const withDevices = (
      devices: { name: string; path?: string }[],
      source = 'x',
    ): JobDocument => ({
      ...base,
      groups: [{ ...base.groups[0]!, devices, exec: { ...base.groups[0]!.exec, source } }],
    })
    const stdin = { name: 'stdin', path: 'swift://~/wordcount-data/doc-1.txt' }
    expect(step.check!(ctx(withDevices([stdin, { name: 'stdout' }])))).toMatch(/Add a device/)
    expect(step.check!(ctx(withDevices([stdin, stdin])))).toMatch(/Two devices are named `stdin`/)
    expect(
      step.check!(ctx(withDevices([stdin, { name: 'output', path: 'swift://~/x/y' }]))),
    ).toMatch(/The output’s path is/)
    const right = withDevices(
      [stdin, { name: 'output', path: UPPER_OUTPUT }],
      "zerolab.write('output', 'A')",
    )
    expect(step.check!(ctx(withDevices([stdin, { name: 'output', path: UPPER_OUTPUT }])))).toMatch(
      /does not write to it/,
    )
    const wrote = run({ out: { upper: '' } })
    wrote.instances.upper!.outputs = [
      { channel: 'output', path: 'swift://local/results/upper.txt', size: 1, etag: 'e' },
    ]
    expect(step.check!(ctx(right, [wrote]))).toBeNull()
  })

  it('lesson 3: an edge drawn the wrong way is refused with the way to draw it', () => {
    const step = stepOf('pipes', 1)
    const job = stepOf('pipes', 0).job!()
    const added = { name: 'stage-1', exec: { source: 'x' } }
    expect(step.check!(ctx(job))).toMatch(/Drag a JavaScript stage/)
    expect(
      step.check!(ctx({ ...job, groups: [...job.groups, { ...added, connect: ['sum'] }] })),
    ).toMatch(/goes from `stage-1` to `sum`; draw it the other way/)
    const fromSplit = {
      ...job,
      groups: [{ ...job.groups[0]!, connect: ['sum', 'stage-1'] }, job.groups[1]!, added],
    }
    expect(step.check!(ctx(fromSplit))).toMatch(/starts at `split`/)
    const right = {
      ...job,
      groups: [job.groups[0]!, { ...job.groups[1]!, connect: ['stage-1'] }, added],
    }
    expect(step.check!(ctx(right))).toBeNull()
  })

  it('lesson 4 ends with a map-reduce run on the cluster', () => {
    const last = LESSONS.at(-1)!
    const step = last.steps.at(-1)!
    const job: JobDocument = { version: 1, groups: [] }
    const maps = { 'map-1': '', 'map-2': '', reduce: '10 total' }
    expect(step.check!(ctx(job))).toMatch(/Sign in/)
    expect(step.check!(ctx(job, [run({ out: maps })], { signedIn: true }))).toMatch(
      /Run on cluster/,
    )
    expect(
      step.check!(ctx(job, [run({ out: maps, target: 'cluster' })], { signedIn: true })),
    ).toBeNull()
  })
})
