import { parseJob } from '@zerolab/shared'
import { describe, expect, it } from 'vitest'
import type { JobDocument } from '../../state/jobDocument.ts'
import {
  addGroup,
  connectGroups,
  disconnectGroups,
  removeGroups,
  renameGroup,
  numberedName,
} from './jobEdits.ts'
import { fanOut, jobToGraph, nodeImage } from './jobToGraph.ts'

const wordCount = (): JobDocument => ({
  version: 1,
  groups: [
    {
      name: 'map',
      exec: { path: 'swift://~/apps/map.js' },
      devices: [{ name: 'stdin', path: 'swift://~/books/*.txt' }],
      connect: ['reduce'],
    },
    { name: 'reduce', exec: { path: 'reduce.wasm' }, count: 1, devices: [{ name: 'stdout' }] },
  ],
})

describe('jobToGraph', () => {
  it('draws groups as nodes and connect as edges, laying out groups without positions', () => {
    const { nodes, edges } = jobToGraph(wordCount())
    expect(nodes.map((n) => n.id)).toEqual(['map', 'reduce'])
    expect(edges).toEqual([{ id: 'map->reduce', source: 'map', target: 'reduce' }])
    expect(nodes[0]!.position.x).toBeLessThan(nodes[1]!.position.x)
    expect(nodes[0]!.data.fanOut).toBe('* per object')
  })

  it('keeps ui positions', () => {
    const job = wordCount()
    job.groups[0]!.ui = { x: 5, y: 7 }
    job.groups[1]!.ui = { x: 500, y: 9 }
    expect(jobToGraph(job).nodes.map((n) => n.position)).toEqual([
      { x: 5, y: 7 },
      { x: 500, y: 9 },
    ])
  })

  it('infers image kinds and fan-out labels', () => {
    expect(nodeImage({ name: 'a', exec: { source: 'x' } })).toBe('js')
    expect(nodeImage({ name: 'a', exec: { source: 'x', lang: 'ts' } })).toBe('ts')
    expect(nodeImage({ name: 'a', exec: { path: 'x.wasm' } })).toBe('wasm')
    expect(nodeImage({ name: 'a', exec: { image: 'component', path: 'x.wasm' } })).toBe('component')
    expect(fanOut({ name: 'a', exec: {}, count: 4 })).toBe('×4')
    expect(
      fanOut({ name: 'a', exec: {}, file_list: [{ device: 'input', path: 'swift://~/c/*' }] }),
    ).toBe('* per object')
    expect(
      fanOut({ name: 'a', exec: {}, devices: [{ name: 'output', path: 'swift://~/c/*' }] }),
    ).toBe(null)
  })
})

describe('job edits', () => {
  it('adds groups with unique names and positions', () => {
    const a = addGroup(wordCount(), 'js', { x: 10.4, y: 20.6 })
    const b = addGroup(a.job, 'js', { x: 0, y: 0 })
    expect([a.name, b.name]).toEqual(['stage-1', 'stage-2'])
    expect(b.job.groups[2]!.ui).toEqual({ x: 10, y: 21 })
    expect(numberedName(removeGroups(b.job, ['stage-1']), 'stage')).toBe('stage-1')
    expect(addGroup(b.job, 'wasm', { x: 0, y: 0 }).name).toBe('program-1')
  })

  it('adds C and C++ stages as inline sources the job format accepts', () => {
    const c = addGroup({ version: 1, groups: [] }, 'c', { x: 0, y: 0 })
    const both = addGroup(c.job, 'cpp', { x: 300, y: 0 })
    expect(both.job.groups.map((g) => [g.name, g.exec.lang, nodeImage(g)])).toEqual([
      ['stage-1', 'c', 'c'],
      ['stage-2', 'cpp', 'cpp'],
    ])
    expect(both.job.groups[0]!.exec.source).toContain('#include <zerolab.h>')
    const job = parseJob(both.job)
    expect(job.groups.map((g) => g.exec.image)).toEqual(['wasm', 'wasm'])
  })

  it('adds Python stages as inline sources of the python image', () => {
    const { job, name } = addGroup({ version: 1, groups: [] }, 'python', { x: 0, y: 0 })
    expect([name, job.groups[0]!.exec.image, nodeImage(job.groups[0]!)]).toEqual([
      'stage-1',
      'python',
      'python',
    ])
    expect(job.groups[0]!.exec.source).toContain('import zerolab')
    expect(parseJob(job).groups[0]!.exec.image).toBe('python')
  })

  it('connects once, never to itself, and disconnects', () => {
    let job = connectGroups(wordCount(), 'reduce', 'map')
    job = connectGroups(job, 'reduce', 'map')
    job = connectGroups(job, 'map', 'map')
    expect(job.groups.map((g) => g.connect)).toEqual([['reduce'], ['map']])
    job = disconnectGroups(job, 'reduce', 'map')
    expect('connect' in job.groups[1]!).toBe(false)
  })

  it('renames a group and every connect that names it', () => {
    const job = renameGroup(wordCount(), 'reduce', 'sum')
    expect(job.groups.map((g) => g.name)).toEqual(['map', 'sum'])
    expect(job.groups[0]!.connect).toEqual(['sum'])
    expect(() => renameGroup(job, 'sum', 'map')).toThrow(/taken/)
    expect(() => renameGroup(job, 'sum', 'a b')).toThrow(/spaces/)
  })

  it('removes groups and the edges to them', () => {
    const job = removeGroups(wordCount(), ['reduce'])
    expect(job.groups).toHaveLength(1)
    expect(job.groups[0]!.connect).toBeUndefined()
  })
})
