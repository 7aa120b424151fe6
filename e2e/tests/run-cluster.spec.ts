import { expect, test } from '../fixtures.ts'
import {
  SPIN_JOB,
  WORD_DOCS,
  expectRunPhase,
  independentTotal,
  instanceStdout,
  recordNodeStates,
  recordedStates,
  signIn,
} from './runHelpers.ts'

test.describe('cluster runs (server API + SSE)', () => {
  test('word count on the cluster with live progress to completion', async ({ app, page }) => {
    await app.goto()
    await signIn(page)
    await app.openExample('wordcount')
    // A local run first: the cluster run must then show the very same output ETags.
    await page.getByTestId('run-local').click()
    await expectRunPhase(page, 'ok')
    await recordNodeStates(page)
    await page.getByTestId('run-cluster').click()
    await expectRunPhase(page, 'ok')
    await expect(page.getByTestId('node-status-map')).toContainText(
      `ok · ${WORD_DOCS.length}/${WORD_DOCS.length}`,
    )
    await expect(page.getByTestId('node-status-reduce')).toContainText('ok · 1/1')
    const states = await recordedStates(page)
    // The nodes showed queued from the click on, however fast the job (running shown live while
    // a stage runs: the cancel test below), and ended ok.
    expect(states).toContain('map:queued')
    expect(states.at(-1)).toMatch(/:ok$/)
    expect(await instanceStdout(page, 'reduce')).toMatch(
      new RegExp(`\\b${independentTotal()} total`),
    )
    await expect(page.getByTestId('determinism')).toContainText('same ETags as last run ✓')
    await expect(page.getByTestId('determinism')).toContainText('last run local')
    await app.screenshot('results-cluster')

    await page.getByTestId('results-tab-history').click()
    await expect(page.getByTestId('job-history').locator('tbody tr').first()).toContainText('ok')

    await page.getByTestId('data-tab-cluster').click()
    await expect(page.getByTestId('cluster-container-select').locator('option')).toContainText([
      'wordcount-data',
    ])
  })

  test('cancel a running cluster job', async ({ app, page }) => {
    await app.goto()
    await signIn(page)
    await app.importJson(SPIN_JOB(60_000))
    await page.getByTestId('run-cluster').click()
    await expect(page.getByTestId('node-status-spin')).toContainText('running')
    await page.getByTestId('run-cancel').click()
    await expectRunPhase(page, 'cancelled')
    await expect(page.getByTestId('node-status-spin')).toContainText('cancelled')
  })

  test('a reload during a cluster run follows the same job again', async ({ app, page }) => {
    await app.goto()
    await signIn(page)
    await app.importJson(SPIN_JOB(60_000))
    await page.getByTestId('run-cluster').click()
    await expect(page.getByTestId('node-status-spin')).toContainText('running')
    const job = await page.getByTestId('run-job-id').innerText()
    await page.reload()
    await expect(page.getByTestId('run-job-id')).toHaveText(job)
    await expect(page.getByTestId('node-status-spin')).toContainText('running')
    await expect(page.getByTestId('node-status-hello')).toContainText('ok')
    await page.getByTestId('run-cancel').click()
    await expectRunPhase(page, 'cancelled')
    await expect(page.getByTestId('node-status-spin')).toContainText('cancelled · 0/1')
  })
})
