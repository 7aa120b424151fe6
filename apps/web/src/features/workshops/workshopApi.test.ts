import type { WorkshopJoined } from '@zerolab/shared'
import { describe, expect, it } from 'vitest'
import { joinedCredentials, workshopFromUrl } from './workshopApi.ts'

describe('workshop links and joins', () => {
  it('reads the workshop id of a link and refuses anything that is not an id', () => {
    expect(workshopFromUrl('?workshop=Ab_9-x')).toBe('Ab_9-x')
    expect(workshopFromUrl('?lesson=pipes&workshop=abc')).toBe('abc')
    expect(workshopFromUrl('')).toBeNull()
    expect(workshopFromUrl('?workshop=../etc')).toBeNull()
    expect(workshopFromUrl(`?workshop=${'a'.repeat(65)}`)).toBeNull()
  })

  it('splits the joined user into the account and user the sign-in takes', () => {
    const j: WorkshopJoined = {
      workshop: 'w',
      lesson: 'pipes',
      authUser: 'course:ana',
      key: 'k',
      user: 'ana',
      home: 'ana',
    }
    expect(joinedCredentials(j)).toEqual({ account: 'course', user: 'ana' })
  })
})
