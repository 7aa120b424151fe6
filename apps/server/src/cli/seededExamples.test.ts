import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { EXAMPLE_IDS, seededContainers } from '@zerolab/examples/seed'
import { listen, openHarness, type Harness } from '../../test/harness.ts'
import { seedAccounts } from '../seedAccounts.ts'
import { main } from './main.ts'

// "Fresh means fresh": right after `serve --seed`, the README's `zerolab submit
// examples/<id>/job.json` works for every example, outputs included.
const repo = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..')

let h: Harness
let server: { url: string; close(): Promise<void> }
let dir: string

beforeAll(async () => {
  h = await openHarness({ exec: { poolSize: 2 } })
  await seedAccounts(h.deps)
  server = await listen(h.app)
  dir = mkdtempSync(join(tmpdir(), 'zerolab-seeded-'))
})
afterAll(async () => {
  await server?.close()
  await h?.close()
  rmSync(dir, { recursive: true, force: true })
})

async function zerolab(args: string[]): Promise<{ code: number; stderr: string }> {
  let err = ''
  const code = await main(args, {
    out: { write: () => undefined },
    err: { write: (c) => (err += typeof c === 'string' ? c : Buffer.from(c).toString()) },
    env: { HOME: dir, ZEROLAB_URL: server.url, ZEROLAB_USER: 'admin:admin', ZEROLAB_KEY: 'admin' },
    tty: false,
  })
  return { code, stderr: err }
}

describe('a freshly seeded server', () => {
  it('has every container the examples read or write, and the results container', async () => {
    const { entries } = h.deps.store.listAccount(h.admin.who, h.admin.who.account, {})
    const names = entries.map((e) => (e.kind === 'container' ? e.name : e.subdir))
    for (const c of seededContainers()) expect(names).toContain(c)
    expect(names).toEqual(expect.arrayContaining(['topk-out', 'grep-out', 'index-out', 'results']))
  })

  it.each(EXAMPLE_IDS)('zerolab submit examples/%s/job.json --watch ends ok', async (id) => {
    const r = await zerolab(['submit', join(repo, 'examples', id, 'job.json'), '--watch'])
    expect(r.code, r.stderr).toBe(0)
    expect(r.stderr).toMatch(/job ok: \d+ instances/)
  })
})
