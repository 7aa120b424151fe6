import { spawn } from 'node:child_process'
import { createServer } from 'node:net'
import { join } from 'node:path'
import type { Page } from '@playwright/test'
import { REPO, webDist } from '../server.ts'
import { expect, test } from '../fixtures.ts'
import { expectRunPhase, instanceStdout, signIn } from './runHelpers.ts'

/**
 * The page is cross-origin isolated (COOP same-origin + COEP require-corp), so the runtime's
 * streaming channels have SharedArrayBuffer and Atomics.wait in its workers, and nothing the
 * page loads is blocked by it: Monaco, the runtime workers, QuickJS, a local and a server run.
 */

/** Records every request that failed or answered ≥ 400 while the page loads and works. */
function watchFailures(page: Page): string[] {
  const failures: string[] = []
  page.on('requestfailed', (r) => failures.push(`${r.url()} ${r.failure()?.errorText ?? ''}`))
  page.on('response', (r) => {
    if (r.status() >= 400) failures.push(`${r.url()} ${r.status()}`)
  })
  page.on('pageerror', (e) => failures.push(`page error: ${e.message}`))
  return failures
}

const isolated = (page: Page): Promise<unknown> =>
  page.evaluate(() => ({
    crossOriginIsolated: self.crossOriginIsolated,
    sharedArrayBuffer: typeof SharedArrayBuffer,
  }))

const ISOLATED = { crossOriginIsolated: true, sharedArrayBuffer: 'function' }

const MAPPER = `const text = zerolab.read('input')
const name = zerolab.env.LOCAL_PATH_INFO.split('/').slice(2).join('/')
zerolab.write('out/reduce', \`\${text.split(/\\s+/).filter(Boolean).length} \${name}\\n\`)
`

test('the served page is cross-origin isolated and Monaco, workers, local and server runs work', async ({
  app,
  page,
}) => {
  const failures = watchFailures(page)
  const doc = await page.request.get('/')
  expect(doc.headers()['cross-origin-opener-policy']).toBe('same-origin')
  expect(doc.headers()['cross-origin-embedder-policy']).toBe('require-corp')
  await app.goto()
  expect(await isolated(page)).toEqual(ISOLATED)

  // Monaco loads (its own chunks under COEP) and takes typed input.
  await app.openExample('wordcount')
  await app.selectNode('map')
  await app.setCode(MAPPER)
  expect(await app.codeText()).toContain("zerolab.read('input')")

  await app.runLocal()
  await expectRunPhase(page, 'ok')
  expect(await instanceStdout(page, 'reduce')).toMatch(/\d+ total/)
  // The runtime's workers started, and they are isolated too: a SharedArrayBuffer ring
  // posted to them would work.
  const workers = page.workers()
  expect(workers.length).toBeGreaterThan(0)
  for (const w of workers) {
    expect(await w.evaluate(() => [self.crossOriginIsolated, typeof Atomics.wait])).toEqual([
      true,
      'function',
    ])
  }

  await signIn(page)
  await page.getByTestId('run-cluster').click()
  await expectRunPhase(page, 'ok')
  await expect(page.getByTestId('determinism')).toContainText('same ETags as last run ✓')
  expect(failures).toEqual([])
})

function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const s = createServer()
    s.once('error', fail)
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number }
      s.close(() => ok(port))
    })
  })
}

/** Vite servers still running; stopped after each test, even one that timed out. */
const running = new Set<() => Promise<void>>()
test.afterEach(async () => {
  for (const stop of running) await stop()
})

/** Runs `vite` (dev) or `vite preview` of apps/web on a free loopback port until stopped. */
async function startVite(mode: 'dev' | 'preview'): Promise<{ url: string; stop(): Promise<void> }> {
  const port = await freePort()
  const args = mode === 'preview' ? ['preview', '--outDir', webDist()] : []
  const child = spawn(
    process.execPath,
    [
      join(REPO, 'apps/web/node_modules/vite/bin/vite.js'),
      ...args,
      ...['--host', '127.0.0.1', '--port', String(port), '--strictPort'],
    ],
    { cwd: join(REPO, 'apps/web'), stdio: ['ignore', 'pipe', 'pipe'] },
  )
  const url = `http://127.0.0.1:${port}/`
  let log = ''
  child.stdout.on('data', (d: Buffer) => (log += d.toString()))
  child.stderr.on('data', (d: Buffer) => (log += d.toString()))
  const stop = async (): Promise<void> => {
    running.delete(stop)
    if (child.exitCode !== null || child.signalCode !== null) return
    const exited = new Promise((ok) => child.once('exit', ok))
    child.kill('SIGTERM')
    await exited
  }
  running.add(stop)
  // Asked until it answers (its banner is coloured under Playwright): at most 60 s.
  for (
    let i = 0;
    !(await fetch(url).then(
      (r) => r.ok,
      () => false,
    ));
    i++
  ) {
    if (child.exitCode !== null || i === 120) {
      await stop()
      throw new Error(`vite ${mode} did not answer on ${url}: ${log}`)
    }
    await new Promise((ok) => setTimeout(ok, 500))
  }
  return { url, stop }
}

test('the Vite preview server sends the same isolation and the app runs locally there', async ({
  app,
  page,
}) => {
  const vite = await startVite('preview')
  try {
    const failures = watchFailures(page)
    await app.goto(vite.url)
    expect(await isolated(page)).toEqual(ISOLATED)
    await app.openExample('wordcount')
    await app.selectNode('map')
    expect(await app.codeText()).toContain('zerolab')
    await app.runLocal()
    await expectRunPhase(page, 'ok')
    expect(failures).toEqual([])
  } finally {
    await vite.stop()
  }
})

test('the Vite dev server sends the same isolation', async ({ page }) => {
  const vite = await startVite('dev')
  try {
    const doc = await page.goto(vite.url)
    expect(doc?.headers()['cross-origin-embedder-policy']).toBe('require-corp')
    expect(await isolated(page)).toEqual(ISOLATED)
  } finally {
    await vite.stop()
  }
})
