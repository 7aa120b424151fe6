import { expect, test } from '../fixtures.ts'
import type { Page } from '@playwright/test'
import { expectRunPhase, signIn } from './runHelpers.ts'

/** Prints, computes for a few seconds, prints again: the first line must show before it ends. */
const PRINT_SPIN_PRINT = JSON.stringify({
  version: 1,
  groups: [
    {
      name: 'slow',
      exec: {
        source: [
          "console.log('before the work')",
          'let x = 0',
          'for (let i = 0; i < 60_000_000; i++) x = (x + i) % 1_000_003',
          "console.log('after the work', x)",
        ].join('\n'),
      },
      devices: [{ name: 'stdout' }],
      limits: { timeoutMs: 120_000 },
    },
  ],
})

/** Starts the run with `button`, then checks the first line is shown while `slow` still runs. */
async function expectLiveThenFinal(page: Page, button: 'run-local' | 'run-cluster') {
  await page.getByTestId(button).click()
  const out = page.getByTestId('instance-stdout')
  await expect(out).toContainText('before the work', { timeout: 60_000 })
  // Read in one go in the page: the text and the instance's state at the same moment.
  const seen = await page.evaluate(() => ({
    text: document.querySelector('[data-testid="instance-stdout"]')?.textContent ?? '',
    live: document.querySelector('[data-testid="instance-stdout"]')?.getAttribute('data-live'),
    node: document.querySelector('[data-testid="node-status-slow"]')?.textContent ?? '',
  }))
  expect(seen.text).not.toContain('after the work')
  expect(seen.live).toBe('true')
  expect(seen.node).toContain('running')
  await expect(page.getByTestId('instance-live')).toBeVisible()
  await expectRunPhase(page, 'ok', 120_000)
  await expect(out).toContainText(/before the work\s+after the work \d+/)
  await expect(page.getByTestId('instance-live')).toBeHidden()
}

test.describe('live stdout of running instances', () => {
  test('a local run shows what the instance printed before it ends', async ({ app, page }) => {
    await app.goto()
    await app.importJson(PRINT_SPIN_PRINT)
    await expect(app.node('slow')).toBeVisible()
    await expectLiveThenFinal(page, 'run-local')
  })

  test('a cluster run shows it too, relayed by the server', async ({ app, page }) => {
    await app.goto()
    await signIn(page)
    await app.importJson(PRINT_SPIN_PRINT)
    await expect(app.node('slow')).toBeVisible()
    await expectLiveThenFinal(page, 'run-cluster')
  })
})
