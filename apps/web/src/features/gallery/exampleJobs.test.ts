import { describe, expect, it } from 'vitest'
import { describeExample, inlineSources } from './exampleJobs.ts'

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

  it('describes an example by the first paragraph of its README', () => {
    expect(describeExample('# Word count\n\nCounts   words\nin books.\n\n## Run\n')).toBe(
      'Counts words in books.',
    )
    expect(describeExample(undefined)).toBe('')
  })
})
