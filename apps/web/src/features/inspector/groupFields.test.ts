import { describe, expect, it } from 'vitest'
import { envToText, setDevices, setLimit, textToEnv, withField } from './groupFields.ts'

describe('inspector field conversions', () => {
  it('round-trips env as KEY=value lines', () => {
    const env = { A: '1', B: 'x=y' }
    expect(textToEnv(envToText(env))).toEqual(env)
    expect(textToEnv('\n  \n')).toBeUndefined()
  })

  it('sets and clears limits without leaving empty objects', () => {
    const g = setLimit({ name: 'a', exec: {} }, 'timeoutMs', '500')
    expect(g.limits).toEqual({ timeoutMs: 500 })
    expect('limits' in setLimit(g, 'timeoutMs', '')).toBe(false)
  })

  it('keeps the ZeroCloud file_list key when the group uses it', () => {
    const g = setDevices({ name: 'a', exec: {}, file_list: [] }, [{ device: 'stdout' }])
    expect(g.file_list).toEqual([{ device: 'stdout' }])
    expect(g.devices).toBeUndefined()
    expect(withField({ a: 1, b: 2 }, 'b', undefined)).toEqual({ a: 1 })
  })
})
