import { expect, test } from '../fixtures.ts'

test('a node with an infinite loop ends as timeout while the page stays responsive', async ({
  app,
  page,
}) => {
  await app.goto()
  await app.importJson(
    JSON.stringify({
      version: 1,
      groups: [
        {
          name: 'spin',
          exec: { source: 'while (true) {}\n' },
          devices: [{ name: 'stdout' }],
          limits: { timeoutMs: 3000 },
        },
      ],
    }),
  )
  await app.runLocal()
  await expect(page.getByTestId('run-status')).toHaveAttribute('data-phase', 'running')

  // While the guest spins in its worker, the UI thread keeps working.
  const t0 = Date.now()
  await page.getByTestId('tab-json').click()
  await expect(page.getByTestId('editor-json').locator('.view-lines')).toContainText('"spin"')
  await page.getByTestId('tab-results').click()
  const busyMs = await page.evaluate(
    () =>
      new Promise<number>((ok) => {
        const s = performance.now()
        setTimeout(() => ok(performance.now() - s), 0)
      }),
  )
  expect(busyMs).toBeLessThan(500)
  expect(Date.now() - t0).toBeLessThan(10_000)

  await expect(app.node('spin')).toHaveAttribute('data-state', 'timeout', { timeout: 60_000 })
  await expect(page.getByTestId('instance-spin')).toHaveAttribute('data-status', 'timeout')
  await app.screenshot('timeout')
})
