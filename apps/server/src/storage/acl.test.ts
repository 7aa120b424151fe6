import { describe, expect, it } from 'vitest'
import { makePrincipal } from '../auth/principal.ts'
import { aclEntryMatches, canReadObjects } from './acl.ts'

describe('ACL entries match names exactly', () => {
  const x = makePrincipal('x', 'u')
  const authX = makePrincipal('AUTH_x', 'u')

  it('word = account name, AUTH_ word = storage account, name:user = one user', () => {
    expect(aclEntryMatches('x', x)).toBe(true)
    expect(aclEntryMatches('AUTH_x', x)).toBe(true)
    expect(aclEntryMatches('x:u', x)).toBe(true)
    expect(aclEntryMatches('x:v', x)).toBe(false)
    expect(aclEntryMatches('*', x)).toBe(true)
  })

  it('an account named AUTH_x matches none of the entries meant for x', () => {
    for (const e of ['x', 'AUTH_x', 'x:u']) expect(aclEntryMatches(e, authX), e).toBe(false)
    for (const e of ['AUTH_AUTH_x', 'AUTH_x:u']) expect(aclEntryMatches(e, authX), e).toBe(true)
    expect(canReadObjects(authX, 'AUTH_x,x')).toBe(false)
  })
})
