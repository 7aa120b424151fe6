import { expect, test } from '../fixtures.ts'

test('run on the cluster and watch live progress to completion', async ({ app, page, baseURL }) => {
  await app.goto()
  await app.openExample('wordcount')
  await page.getByTestId('cluster-signin').click()
  await page.getByTestId('signin-url').fill(baseURL!)
  await page.getByTestId('signin-account').fill('admin')
  await page.getByTestId('signin-user').fill('admin')
  await page.getByTestId('signin-key').fill('admin')
  await page.getByTestId('signin-submit').click()
  await expect(page.getByTestId('signin-dialog')).toBeHidden()

  await page.getByTestId('run-cluster').click()
  // Live progress reaches the nodes over SSE: a status badge appears and ends ok.
  await expect(page.getByTestId('node-status-map')).toBeVisible()
  await expect(app.node('map')).toHaveAttribute('data-state', 'ok', { timeout: 60_000 })
  await expect(app.node('reduce')).toHaveAttribute('data-state', 'ok', { timeout: 60_000 })
  await expect(page.getByTestId('run-status')).toHaveAttribute('data-phase', 'ok')
  await page.getByTestId('instance-reduce').click()
  await expect(page.getByTestId('instance-stdout')).toContainText('total')
  await app.screenshot('cluster')
})
