import { describe, expect, it } from 'vitest'
import { inlineSources, listExamples, readmeDescriptions } from './exampleJobs.ts'

describe('examples', () => {
  it('inlines JS programs named by path and leaves other programs alone', () => {
    const job = inlineSources(
      {
        version: 1,
        groups: [
          { name: 'map', exec: { path: 'swift://~/apps/wc/map.js', args: '-x' } },
          { name: 'sort', exec: { path: 'swift://~/apps/sort.wasm' } },
          { name: 'typed', exec: { path: 'top.ts' } },
        ],
      },
      new Map([
        ['map.js', 'console.log(1)'],
        ['top.ts', 'const n: number = 1'],
      ]),
    )
    expect(job.groups[0]!.exec).toEqual({
      args: '-x',
      image: 'js',
      lang: 'js',
      source: 'console.log(1)',
    })
    expect(job.groups[1]!.exec).toEqual({ path: 'swift://~/apps/sort.wasm' })
    expect(job.groups[2]!.exec.lang).toBe('ts')
  })

  it('describes examples from the README table', () => {
    const table =
      '| Example | Job | What |\n| --- | --- | --- |\n| `grep` | [job.json](grep/job.json) | Parallel grep over `logs/*.log`, see [map](m.c). |\n'
    expect([...readmeDescriptions(table)]).toEqual([
      ['grep', 'Parallel grep over logs/*.log, see map.'],
    ])
    expect(readmeDescriptions(undefined).size).toBe(0)
  })

  it('bundles the repo examples', () => {
    const ids = listExamples().map((e) => e.id)
    expect(ids).toContain('wordcount')
    expect(listExamples().find((e) => e.id === 'wordcount')?.description).toMatch(/mapper/)
  })
})
