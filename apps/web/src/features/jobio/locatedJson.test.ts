import { describe, expect, it } from 'vitest'
import { JsonSyntaxError, formatPath, parseLocated, rangeOfPath } from './locatedJson.ts'

const errorOf = (text: string): JsonSyntaxError => {
  try {
    parseLocated(text)
  } catch (e) {
    if (e instanceof JsonSyntaxError) return e
    throw e
  }
  throw new Error('parsed')
}

describe('parseLocated', () => {
  it('parses what JSON.parse parses', () => {
    const samples = [
      '{"a":[1,2.5e3,-0.5,{"b":null}],"c":"x\\n\\u00e9","d":true}',
      '[]',
      '"s"',
      ' 3 ',
    ]
    for (const s of samples) expect(parseLocated(s).value).toEqual(JSON.parse(s))
  })

  it('records the range of every value by path', () => {
    const text = '{"groups":[{"name":"map","exec":{"path":"m.js"}}]}'
    const { ranges } = parseLocated(text)
    const r = ranges.get('groups[0].exec.path')!
    expect(text.slice(r.start, r.end)).toBe('"m.js"')
  })

  it('names the JSON path of a syntax error', () => {
    expect(errorOf('{"groups":[{"name":"a",}]}').path).toBe('groups[0]')
    expect(errorOf('{"groups":[{"name":"a","exec":{"path": tru}}]}').path).toBe(
      'groups[0].exec.path',
    )
    expect(errorOf('{"groups":[{"name":"a"} {"name":"b"}]}').path).toBe('groups')
    const e = errorOf('{\n  "groups": [\n    {"name": "a" "exec": {}}\n  ]\n}')
    expect(e.path).toBe('groups[0]')
    expect([e.line, e.column]).toEqual([3, 18])
    expect(e.message).toMatch(/^groups\[0\]: expected "," or "}"/)
  })

  it('reports unterminated input and trailing garbage', () => {
    expect(errorOf('{"a": "b').reason).toBe('unterminated string')
    expect(errorOf('{"a": 1} x').reason).toMatch(/after the end/)
  })

  it('finds the nearest existing range for a path', () => {
    const located = parseLocated('{"groups":[{"name":"a"}]}')
    const r = rangeOfPath(located, 'groups[0].connect[1]')
    expect(r).toEqual(located.ranges.get('groups[0]'))
  })

  it('formats odd keys safely', () => {
    expect(formatPath(['groups', 0, 'exec', 'a b'])).toBe('groups[0].exec["a b"]')
  })
})
