import type { Browser, Page } from '@playwright/test'
import { startServer, type TestServer } from '../server.ts'
import { expect, test } from '../fixtures.ts'
import { PlaygroundPage } from '../pages/PlaygroundPage.ts'
import { expectRunPhase, signIn } from './runHelpers.ts'

// "Fresh means fresh": a server started the README's way (`serve --seed`) on an empty data dir,
// and every example of the gallery run to `ok` in the browser and on that server.
test.describe.configure({ mode: 'serial' })

let server: TestServer
let page: Page
let app: PlaygroundPage
let ids: string[] = []

test.beforeAll(async ({ browser }: { browser: Browser }) => {
  test.setTimeout(180_000)
  server = await startServer()
  const context = await browser.newContext({ baseURL: server.url })
  await context.addInitScript(() => localStorage.setItem('zerolab.welcomed', '1'))
  page = await context.newPage()
  app = new PlaygroundPage(page)
  await app.goto()
  await page.getByTestId('open-gallery').click()
  ids = await page
    .getByTestId('gallery')
    .locator('[data-testid^="example-"]')
    .evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.testid!.slice(8)))
  await page.keyboard.press('Escape')
  await signIn(page)
})

test.afterAll(async () => {
  await page?.context().close()
  await server?.stop()
})

test('the gallery lists the examples', () => {
  expect(ids).toEqual(
    expect.arrayContaining(['wordcount', 'wordcount-c', 'grep', 'sort', 'topk', 'inverted-index']),
  )
})

test('every gallery example runs to ok locally and on the server', async () => {
  test.setTimeout(90_000 * Math.max(1, ids.length))
  for (const id of ids) {
    await app.openExample(id)
    await page.getByTestId('run-local').click()
    await expectRunPhase(page, 'ok')
    await expect(page.getByTestId('run-status')).toContainText('local')
    await page.getByTestId('run-cluster').click()
    await expectRunPhase(page, 'ok')
    await expect(page.getByTestId('run-status')).toContainText('cluster')
    // The same outputs in both places.
    await expect(page.getByTestId('determinism')).toContainText('same ETags as last run ✓')
  }
})
