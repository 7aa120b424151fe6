import { describe, expect, it } from 'vitest'
import { parseSwiftPath } from './swiftPath.ts'

describe('parseSwiftPath', () => {
  it('splits account, container and a nested object name', () => {
    expect(parseSwiftPath('swift://local/out/counts/part-1.txt')).toEqual({
      account: 'local',
      container: 'out',
      object: 'counts/part-1.txt',
    })
  })

  it('rejects paths without an object', () => {
    expect(parseSwiftPath('swift://local/out')).toBeUndefined()
    expect(parseSwiftPath('/dev/stdout')).toBeUndefined()
  })
})
