import { describe, expect, it } from 'vitest'
import { makePrincipal } from '../auth/principal.ts'
import { aclEntryMatches, inAcl, parseAcl } from './acl.ts'

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

  it("tempauth groups: extra groups match, AUTH_x names only x's admins", () => {
    const student = makePrincipal('x', 's', ['students'])
    expect(aclEntryMatches('students', student)).toBe(true)
    expect(aclEntryMatches('x', student)).toBe(true)
    expect(aclEntryMatches('AUTH_x', student)).toBe(false)
    expect(aclEntryMatches('students', x)).toBe(false)
  })

  it('an account named AUTH_x matches none of the entries meant for x', () => {
    for (const e of ['x', 'AUTH_x', 'x:u']) expect(aclEntryMatches(e, authX), e).toBe(false)
    for (const e of ['AUTH_AUTH_x', 'AUTH_x:u']) expect(aclEntryMatches(e, authX), e).toBe(true)
    expect(inAcl(authX, parseAcl('AUTH_x,x'))).toBe(false)
  })
})
