import { expect, test } from '../fixtures.ts'
import { SPIN_JOB, WORD_DOCS, expectRunPhase, instanceStdout, totalWords } from './runHelpers.ts'

/** The mapper edited in the test: only words of four letters or more count. */
const LONG_WORDS_MAPPER = `const text = zerolab.read('input')
const words = text.split(/\\s+/).filter((w) => w.length >= 4).length
const name = zerolab.env.LOCAL_PATH_INFO.split('/').slice(2).join('/')
zerolab.write('out/reduce', \`\${words} \${name}\\n\`)
`

test.describe('local runs (Web Workers + IndexedDB store)', () => {
  test('word count: edit the mapper, run locally, see the counts', async ({ app, page }) => {
    await app.goto()
    await app.openExample('wordcount')
    await app.selectNode('map')
    await app.setCode(LONG_WORDS_MAPPER)
    await app.runLocal()
    await expectRunPhase(page, 'ok')
    await expect(page.getByTestId('node-status-map')).toContainText(
      `ok · ${WORD_DOCS.length}/${WORD_DOCS.length}`,
    )
    await expect(page.getByTestId('node-status-reduce')).toContainText('ok · 1/1')

    const out = await instanceStdout(page, 'reduce')
    const long = (w: string): boolean => w.length >= 4
    for (const d of WORD_DOCS) {
      const n = d.text.split(/\s+/).filter((w) => w.length > 0 && long(w)).length
      expect(out).toMatch(new RegExp(`\\b${n} (\\S+/)?${d.name.replace('.', '\\.')}\\b`))
    }
    expect(out).toMatch(new RegExp(`\\b${totalWords(long)} total`))
    await app.screenshot('results-local')
    // Which object a mapper read.
    await instanceStdout(page, 'map-1')
    const names = WORD_DOCS.map((d) => d.name.replace('.', '\\.')).join('|')
    await expect(page.getByTestId('instance-inputs')).toHaveText(
      new RegExp(`← swift://[^ ]+/(${names})`),
    )
    // What it sent the reducer (bytes, first lines), and the edge's total on the canvas.
    await expect(page.getByTestId('instance-pipe-reduce')).toContainText('/dev/out/reduce → reduce')
    await expect(page.getByTestId('rf__edge-map->reduce')).toHaveText(/^\d+(\.\d+)? (B|KB|KiB)$/)

    // Same job, same data: the outputs carry the same ETags as the last run.
    await app.runLocal()
    await expectRunPhase(page, 'ok')
    await expect(page.getByTestId('determinism')).toContainText('same ETags as last run ✓')

    await page.getByTestId('results-tab-timeline').click()
    await expect(page.getByTestId('timeline-bar-reduce')).toBeVisible()
    await expect(page.locator('[data-testid^="timeline-bar-map-"]')).toHaveCount(WORD_DOCS.length)
    await app.screenshot('timeline')
  })

  test('an infinite loop ends as timeout while the page stays responsive', async ({
    app,
    page,
  }) => {
    await app.goto()
    // The limit leaves room for the checks below to happen while the guest still spins.
    await app.importJson(SPIN_JOB(15_000))
    await expect(app.node('spin')).toBeVisible()
    await app.runLocal()
    await expect(page.getByTestId('node-status-spin')).toContainText('running')
    await expect(page.getByTestId('run-cancel')).toBeVisible()

    // While the guest spins in its worker, the main thread answers and the UI reacts.
    expect(await page.evaluate(() => 6 * 7)).toBe(42)
    const before = await page.evaluate(() => document.documentElement.dataset.theme)
    await page.getByTestId('theme-toggle').click()
    await expect
      .poll(() => page.evaluate(() => document.documentElement.dataset.theme))
      .not.toBe(before)
    await expect(page.getByTestId('run-cancel')).toBeVisible() // still running: the checks above ran during the loop

    await expect(page.getByTestId('node-status-spin')).toContainText('timeout', { timeout: 45_000 })
    await expectRunPhase(page, 'failed')
    await expect(page.getByTestId('instance-spin')).toHaveAttribute('data-status', 'timeout')
    await expect(page.getByTestId('instance-hello')).toHaveAttribute('data-status', 'ok')
    expect(await instanceStdout(page, 'hello')).toContain('still here')

    // The pool replaced the killed worker: the next run works.
    await app.importJson(
      JSON.stringify({
        version: 1,
        groups: [
          {
            name: 'again',
            exec: { source: "console.log('ok again')" },
            devices: [{ name: 'stdout' }],
          },
        ],
      }),
    )
    await app.runLocal()
    await expectRunPhase(page, 'ok')
    expect(await instanceStdout(page, 'again')).toContain('ok again')
  })
})

test('cancel stops a local run and its worker', async ({ app, page }) => {
  await app.goto()
  await app.importJson(SPIN_JOB(60_000))
  await expect(app.node('spin')).toBeVisible()
  await app.runLocal()
  await expect(page.getByTestId('node-status-spin')).toContainText('running')
  await page.getByTestId('run-cancel').click()
  await expectRunPhase(page, 'cancelled')
  await expect(page.getByTestId('node-status-spin')).toContainText('cancelled')
  await expect(page.getByTestId('instance-spin')).toHaveAttribute('data-status', 'cancelled')
})

test('local runs keep working when the server is gone (the runtime was loaded ahead)', async ({
  app,
  page,
  context,
}) => {
  await app.goto()
  await app.openExample('wordcount')
  // Loaded on idle after start-up, before any run.
  await expect(page.getByTestId('run-local')).toHaveAttribute('data-warm', 'true', {
    timeout: 60_000,
  })
  await context.setOffline(true)
  try {
    await app.runLocal()
    await expectRunPhase(page, 'ok')
    await expect(page.getByTestId('node-status-map')).toContainText(
      `ok · ${WORD_DOCS.length}/${WORD_DOCS.length}`,
    )
  } finally {
    await context.setOffline(false)
  }
})
