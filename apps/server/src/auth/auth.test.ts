import { describe, expect, it } from 'vitest'
import { openDb } from '../db/openDb.ts'
import { AuthService } from './authService.ts'
import { DEFAULT_USER, parseUsers } from './parseUsers.ts'

describe('parseUsers', () => {
  it('reads account:user:key lists and defaults to admin:admin/admin', () => {
    expect(parseUsers(undefined)).toEqual([DEFAULT_USER])
    expect(parseUsers(' ')).toEqual([DEFAULT_USER])
    expect(parseUsers('a:b:c, d:e:f:g')).toEqual([
      { account: 'a', user: 'b', key: 'c', groups: ['.admin'] },
      { account: 'd', user: 'e', key: 'f:g', groups: ['.admin'] },
    ])
  })
  it('reads tempauth groups after the key: .member is a plain user', () => {
    expect(
      parseUsers('c:t:pw,c:ana:k2 students,c:x:k3 .member,r:root:k .admin .reseller_admin'),
    ).toEqual([
      { account: 'c', user: 't', key: 'pw', groups: ['.admin'] },
      { account: 'c', user: 'ana', key: 'k2', groups: ['students'] },
      { account: 'c', user: 'x', key: 'k3', groups: [] },
      { account: 'r', user: 'root', key: 'k', groups: ['.admin', '.reseller_admin'] },
    ])
    expect(() => parseUsers('c:t:pw bad/group')).toThrow(/bad group/)
  })
  it('names the bad entry', () => {
    expect(() => parseUsers('a:b:c,nokey')).toThrow(/entry 2/)
    expect(() => parseUsers('a b:c:d')).toThrow(/entry 1/)
  })
})

describe('AuthService', () => {
  it('issues tokens that expire and stops honouring removed users', () => {
    let now = 1_000_000
    const auth = new AuthService(openDb(':memory:'), 60, () => now)
    auth.setUsers(parseUsers('acme:alice:pw,acme:bob:pw2'))
    const t = auth.login('acme:alice', 'pw')
    expect(auth.authenticate(t.token)).toMatchObject({ account: 'AUTH_acme', user: 'alice' })
    expect(t.principal.groups).toEqual(['acme', 'acme:alice', 'AUTH_acme'])
    expect(() => auth.login('acme:alice', 'wrong')).toThrow(/bad user or key/)
    expect(() => auth.login('alice', 'pw')).toThrow()
    now += 59_000
    expect(auth.authenticate(t.token)).not.toBeNull()
    now += 2_000
    expect(auth.authenticate(t.token)).toBeNull()
    const b = auth.login('acme:bob', 'pw2')
    auth.setUsers(parseUsers('acme:alice:pw'))
    expect(auth.authenticate(b.token)).toBeNull()
  })
})
