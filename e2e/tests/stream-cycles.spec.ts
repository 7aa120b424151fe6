import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { APIRequestContext, Page } from '@playwright/test'
import { expect, test } from '../fixtures.ts'
import { REPO } from '../server.ts'
import { expectRunPhase, instanceStdout, signIn } from './runHelpers.ts'

/**
 * Issue 8, must-show 1 in the browser: jobs whose instances talk while they run (request/reply,
 * ZeroVM's disort, a self-connected group) run as gangs of Web Workers against the page's
 * IndexedDB store and on the server (`serve --seed`), with the same output ETags both ways; a
 * job whose instances all wait on each other ends `deadlock`. The C is compiled in the page.
 */
test.describe.configure({ timeout: 600_000 })

const COMPILE_MS = 300_000

/** The determinism line after the cluster run: the same ETags as the local run, and how many. */
async function runBothWays(page: Page, check: (where: string) => Promise<void>): Promise<number> {
  await page.getByTestId('run-local').click()
  await expectRunPhase(page, 'ok', COMPILE_MS)
  await expect(page.getByTestId('run-status')).toContainText('local')
  await check('local')
  await page.getByTestId('run-cluster').click()
  await expectRunPhase(page, 'ok', COMPILE_MS)
  await expect(page.getByTestId('run-status')).toContainText('cluster')
  await check('cluster')
  const determinism = page.getByTestId('determinism')
  await expect(determinism).toContainText('same ETags as last run ✓')
  await expect(determinism).toContainText('last run local')
  return Number(/\((\d+) outputs?/.exec(await determinism.innerText())?.[1] ?? 0)
}

/** An object of the admin account on the server, through the Swift API. */
async function serverObject(request: APIRequestContext, path: string): Promise<string> {
  const auth = await request.get('/auth/v1.0', {
    headers: { 'X-Auth-User': 'admin:admin', 'X-Auth-Key': 'admin' },
  })
  expect(auth.status()).toBeLessThan(300)
  const res = await request.get(`${auth.headers()['x-storage-url']}/${path}`, {
    headers: { 'X-Auth-Token': auth.headers()['x-auth-token']! },
  })
  expect(res.status(), path).toBe(200)
  return res.text()
}

test('request/reply between two instances runs locally and on the server alike', async ({
  app,
  page,
}) => {
  await app.goto()
  await signIn(page)
  await app.openExample('pingpong')
  await expect(app.edges()).toHaveCount(2)
  const outputs = await runBothWays(page, async () => {
    expect((await instanceStdout(page, 'client')).trim()).toBe('client got 100 answers, sum 10100')
    expect((await instanceStdout(page, 'server')).trim()).toBe('server answered 100')
  })
  expect(outputs).toBeGreaterThanOrEqual(2)
  await app.screenshot('stream-pingpong')
})

test('the disort manager/worker sample sort sorts as sort -n, locally and on the server', async ({
  app,
  page,
}) => {
  await app.goto()
  await signIn(page)
  await app.openExample('disort')
  let manager = ''
  const outputs = await runBothWays(page, async (where) => {
    for (const g of ['src', 'man', 'dst'])
      await expect(page.getByTestId(`node-status-${g}`)).toContainText('ok')
    const said = (await instanceStdout(page, 'man')).trim()
    expect(said).toMatch(/3 workers, 2 reducers, 6000 numbers$/)
    if (where === 'local') manager = said
    else expect(said).toBe(manager)
  })
  // Three workers' data object, two reducers' sorted objects, and the manager's report (at least).
  expect(outputs).toBeGreaterThanOrEqual(6)
  // The server's objects (the same ETags as the browser's): the reducers' outputs, end to end,
  // are what sort -n makes of the workers' numbers.
  const inputs = await Promise.all(
    [1, 2, 3].map((k) => serverObject(page.request, `disort/in-src-${k}.txt`)),
  )
  const sorted = execFileSync('sort', ['-n'], { input: inputs.join(''), encoding: 'utf8' })
  const out1 = await serverObject(page.request, 'disort/out-dst-1.txt')
  const out2 = await serverObject(page.request, 'disort/out-dst-2.txt')
  expect(sorted.split('\n')).toHaveLength(6001)
  expect(out1 + out2).toBe(sorted)
  expect(out1.length).toBeGreaterThan(0)
  expect(out2.length).toBeGreaterThan(0)
  expect(manager).toBe(
    `dst-1 ${out1.split('\n').length - 1} ${out1.split('\n')[0]} ${out1.split('\n').at(-2)}\n` +
      `dst-2 ${out2.split('\n').length - 1} ${out2.split('\n')[0]} ${out2.split('\n').at(-2)}\n` +
      '3 workers, 2 reducers, 6000 numbers',
  )
})

test('a self-connected group: every instance hears from every other, locally and on the server', async ({
  app,
  page,
}) => {
  await app.goto()
  await signIn(page)
  await app.openExample('ring')
  const outputs = await runBothWays(page, async () => {
    await expect(page.getByTestId('node-status-peer')).toContainText('ok · 3/3')
    expect((await instanceStdout(page, 'peer-1')).trim()).toBe(
      'peer-2: from peer-2\npeer-3: from peer-3',
    )
    expect((await instanceStdout(page, 'peer-2')).trim()).toBe(
      'peer-1: from peer-1\npeer-3: from peer-3',
    )
    expect((await instanceStdout(page, 'peer-3')).trim()).toBe(
      'peer-1: from peer-1\npeer-2: from peer-2',
    )
  })
  expect(outputs).toBeGreaterThanOrEqual(3)
})

test('instances that all wait on each other end deadlock in the browser, naming the channels', async ({
  app,
  page,
}) => {
  await app.goto()
  // The ring example with every instance reading before it writes; a long wall-clock limit, so
  // only the deadlock check can end it in time.
  const ring = JSON.parse(readFileSync(join(REPO, 'examples/ring/job.json'), 'utf8')) as {
    groups: { exec: Record<string, unknown> }[]
  }
  const peer = ring.groups[0]!
  await app.importJson(
    JSON.stringify({
      version: 1,
      groups: [
        {
          ...peer,
          exec: { ...peer.exec, args: 'block' },
          limits: { timeoutMs: 600_000 },
        },
      ],
    }),
  )
  await expect(page.getByTestId('import-dialog')).toBeHidden()
  await page.getByTestId('run-local').click()
  await expectRunPhase(page, 'failed', COMPILE_MS)
  await expect(page.getByTestId('node-status-peer')).toContainText('deadlock')
  for (const name of ['peer-1', 'peer-2', 'peer-3'])
    await expect(page.getByTestId(`instance-${name}`)).toHaveAttribute('data-status', 'deadlock')
  await page.getByTestId('instance-peer-1').click()
  await expect(page.getByTestId('instance-detail')).toContainText(
    'deadlock: peer-1 waits on /dev/in/peer-2; peer-2 waits on /dev/in/peer-1; peer-3 waits on /dev/in/peer-1',
  )
  await app.screenshot('stream-deadlock')
})
