import { describe, expect, it } from 'vitest'
import { analyzeJobText, groupIndexOfPath, jobToText } from './analyzeJobText.ts'

const good = {
  version: 1,
  groups: [
    {
      name: 'map',
      exec: { source: "zerolab.write('stdout', 'hi')" },
      devices: [{ name: 'stdout' }],
      connect: ['sum'],
    },
    {
      name: 'sum',
      exec: { source: "zerolab.write('stdout', 'x')" },
      devices: [{ name: 'stdout' }],
    },
  ],
}

describe('analyzeJobText', () => {
  it('accepts a valid job and round-trips it', () => {
    const a = analyzeJobText(JSON.stringify(good))
    expect(a.problems).toEqual([])
    expect(analyzeJobText(jobToText(a.job!)).job).toEqual(a.job)
  })

  it('opens a ZeroCloud array job as a document', () => {
    const a = analyzeJobText(JSON.stringify(good.groups))
    expect(a.job?.groups.map((g) => g.name)).toEqual(['map', 'sum'])
  })

  it('names the JSON path of malformed JSON', () => {
    const a = analyzeJobText('{"groups": [{"name": "map", "exec": {"path": }}]}')
    expect(a.job).toBeUndefined()
    expect(a.problems[0]!.path).toBe('groups[0].exec.path')
    expect(a.problems[0]!.message).toMatch(/^groups\[0\]\.exec\.path: /)
  })

  it('names the path and points at the text of a schema problem', () => {
    const bad = structuredClone(good)
    bad.groups[0]!.connect = ['nowhere']
    const text = JSON.stringify(bad, null, 2)
    const a = analyzeJobText(text)
    expect(a.job).toBeDefined()
    const p = a.problems[0]!
    expect(p.path).toBe('groups[0].connect[0]')
    expect(text.slice(p.start, p.end)).toBe('"nowhere"')
  })

  it('maps schema paths of array-form jobs back onto the text', () => {
    const text = JSON.stringify([{ name: 'a', exec: { path: 'a.wasm' }, count: -1 }])
    const p = analyzeJobText(text).problems[0]!
    expect(p.path).toMatch(/^groups\[0\]\.count/)
    expect(text.slice(p.start, p.end)).toBe('-1')
  })

  it('finds the group a problem path points into', () => {
    expect(groupIndexOfPath('groups[12].connect[0]')).toBe(12)
    expect(groupIndexOfPath('epoch')).toBeUndefined()
  })
})
