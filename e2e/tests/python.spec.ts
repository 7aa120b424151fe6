import type { Page } from '@playwright/test'
import { countWords } from '@zerolab/examples/data'
import { expect, test } from '../fixtures.ts'
import { WORD_DOCS, expectRunPhase, instanceStdout, signIn } from './runHelpers.ts'

// A fresh browser profile fetches python.wasm and its stdlib from the server on the first
// Python stage (then keeps them in the Cache API).
test.describe.configure({ timeout: 600_000 })
const FIRST_RUN_MS = 300_000

/** Local run, then the same job on the server: both `ok`, with the same output ETags. */
async function runBothWays(page: Page, check: () => Promise<void>): Promise<void> {
  await page.getByTestId('run-local').click()
  await expectRunPhase(page, 'ok', FIRST_RUN_MS)
  await check()
  await page.getByTestId('run-cluster').click()
  await expectRunPhase(page, 'ok', FIRST_RUN_MS)
  await check()
  await expect(page.getByTestId('determinism')).toContainText('same ETags as last run ✓')
  await expect(page.getByTestId('determinism')).toContainText('last run local')
}

test('the Python word count gives the same output ETags in the browser and on the server', async ({
  app,
  page,
}) => {
  await app.goto()
  await signIn(page)
  await app.openExample('wordcount-py')
  const lines = WORD_DOCS.map(
    (d) => `${String(countWords(d.text)).padStart(10)} wordcount-data/${d.name}`,
  )
  const total = WORD_DOCS.reduce((n, d) => n + countWords(d.text), 0)
  const want = [...lines, `${String(total).padStart(10)} total`].join('\n')
  await runBothWays(page, async () => {
    expect((await instanceStdout(page, 'reduce')).trim()).toBe(want.trim())
  })
  await app.screenshot('python-wordcount')
})

const SQUARES = `import zerolab

total = sum(i * i for i in range(1, 101))
print(f"{zerolab.name}: {total}")
`

test('a Python stage written from scratch runs locally and on the server alike', async ({
  app,
  page,
}) => {
  await app.goto()
  await signIn(page)
  await app.selectNode('hello')
  await page.keyboard.press('Delete')
  await expect(app.nodes()).toHaveCount(0)
  await app.dragFromPalette('python', 300, 200)
  await expect(app.node('stage-1')).toContainText('python')
  await app.selectNode('stage-1')
  await app.setCode(SQUARES) // typed on the keyboard, line by line
  const exported = (await app.exportedJob()) as { groups: { exec: { source: string } }[] }
  expect(exported.groups[0]!.exec.source).toBe(SQUARES)
  await runBothWays(page, async () => {
    expect((await instanceStdout(page, 'stage-1')).trim()).toBe('stage-1: 338350')
  })
})
