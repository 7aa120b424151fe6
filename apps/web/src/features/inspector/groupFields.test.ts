import { describe, expect, it } from 'vitest'
import { parseJob } from '@zerolab/shared'
import { envToText, newDevice, setDevices, setLimit, textToEnv, withField } from './groupFields.ts'

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

  it('"+ device" adds an unused name without a path, and the job stays valid (lesson 2)', () => {
    const devices = [
      { name: 'stdin', path: 'swift://~/wordcount-data/doc-1.txt' },
      { name: 'stdout' },
    ]
    const d = newDevice(devices)
    expect(d).toEqual({ name: 'output' })
    expect(newDevice([...devices, d])).toEqual({ name: 'output-2' })
    const job = {
      version: 1,
      groups: [{ name: 'upper', exec: { source: 'x' }, devices: [...devices, d] }],
    }
    expect(() => parseJob(job)).not.toThrow()
  })
})
