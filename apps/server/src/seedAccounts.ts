import { seedExamples, seededContainers } from '@zerolab/examples/seed'
import type { AppDeps } from './appDeps.ts'
import { makePrincipal } from './auth/principal.ts'

/**
 * `serve --seed`: the examples' containers (data, outputs, lesson results) and data in every
 * user's account, written through the job store (ACL-checked, as that user). Returns the
 * number of objects written.
 */
export async function seedAccounts(
  deps: Pick<AppDeps, 'auth' | 'store' | 'storeFor'>,
): Promise<number> {
  const containers = seededContainers()
  const seen = new Set<string>()
  let n = 0
  for (const u of deps.auth.listUsers()) {
    const who = makePrincipal(u.account.replace(/^AUTH_/, ''), u.user)
    if (seen.has(who.account)) continue
    seen.add(who.account)
    for (const c of containers) deps.store.putContainer(who, who.account, c, {})
    n += await seedExamples(deps.storeFor(who), { account: who.account })
  }
  return n
}
