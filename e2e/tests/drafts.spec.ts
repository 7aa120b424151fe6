import { expect, test } from '../fixtures.ts'
import { PlaygroundPage } from '../pages/PlaygroundPage.ts'
import { expectRunPhase } from './runHelpers.ts'

const MINE = "console.log('my own work')\n"

test('a draft survives a reload; opening an example is undoable and keeps the draft in Recent', async ({
  app,
  page,
}) => {
  await app.goto()
  await app.selectNode('hello')
  await app.setCode(MINE)
  // Autosaved as you type: a reload brings it back, no Save needed.
  await page.reload()
  await expect(app.node('hello')).toBeVisible()
  await app.selectNode('hello')
  expect(await app.codeText()).toContain('my own work')

  // Opening an example replaces the job as one undoable step.
  await app.openExample('topk')
  await expect(page.getByTestId('notice')).toContainText('Opened topk example')
  await page.getByTestId('notice-action').click() // Undo
  await expect(app.node('hello')).toBeVisible()
  await expect(page.getByTestId('job-title')).toHaveText('hello job')
  await app.openExample('sort')
  await page.locator('.react-flow__pane').click({ position: { x: 5, y: 5 } })
  await page.keyboard.press('ControlOrMeta+Z')
  await expect(app.node('hello')).toBeVisible()
  await page.keyboard.press('ControlOrMeta+Shift+Z')
  await expect(app.node('sort')).toBeVisible()

  // Your edited job is in Recent, and opens from there.
  await page.getByTestId('open-recent').click()
  const entry = page.getByTestId('recent-entry').filter({ hasText: 'hello job' })
  await expect(entry).toBeVisible()
  await entry.getByRole('button', { name: 'hello job', exact: true }).click()
  await expect(app.node('hello')).toBeVisible()
  await app.selectNode('hello')
  expect(await app.codeText()).toContain('my own work')

  // Nothing to lose: leaving the page does not ask.
  let asked = false
  page.on('dialog', (d) => {
    asked = true
    void d.accept()
  })
  await page.reload()
  await expect(app.node('hello')).toBeVisible()
  expect(asked).toBe(false)
})

test('a share link opens the shared job on top of your draft, and a reload keeps your work', async ({
  app,
  page,
  browser,
  baseURL,
}) => {
  await app.goto()
  await app.openExample('grep')
  await page.getByTestId('share').click()
  const url = await page.getByTestId('share-url').inputValue()
  await page.getByTestId('share-copy').click()
  await expect(page.getByTestId('share-copied')).toContainText('Copied')
  await page.keyboard.press('Escape')
  // Sharing leaves the address bar alone.
  expect(page.url()).not.toContain('#v1.')

  // Someone with a draft of their own opens the link.
  const ctx = await browser.newContext({ baseURL })
  await ctx.addInitScript(() => localStorage.setItem('zerolab.welcomed', '1'))
  const other = new PlaygroundPage(await ctx.newPage())
  await other.goto()
  // Their own edit: the stage renamed in the inspector.
  await other.selectNode('hello')
  await other.page.getByTestId('node-name').click()
  await other.page.keyboard.press('ControlOrMeta+A')
  await other.page.keyboard.type('mine')
  await other.page.keyboard.press('Enter')
  await expect(other.node('mine')).toBeVisible()
  await other.page.goto(url)
  await expect(other.node('grep')).toBeVisible()
  await expect(other.page.getByTestId('job-title')).toHaveText('shared job')
  // The link is dropped from the address bar once open…
  await expect.poll(() => other.page.url()).not.toContain('#v1.')
  // Their draft is one undo away…
  await other.page.getByTestId('undo').click()
  await expect(other.node('mine')).toBeVisible()
  await other.page.getByTestId('redo').click()
  await expect(other.node('grep')).toBeVisible()
  // …and a reload shows the job as they left it (the shared one), with their draft in Recent.
  await other.page.reload()
  await expect(other.node('grep')).toBeVisible()
  await other.page.getByTestId('open-recent').click()
  await other.page
    .getByTestId('recent-entry')
    .getByRole('button', { name: 'hello job', exact: true })
    .click()
  await expect(other.node('mine')).toBeVisible()
  await ctx.close()
})

test('leaving during a run in this browser asks first; Run refuses a broken Job JSON', async ({
  app,
  page,
}) => {
  await app.goto()
  await page.getByTestId('tab-json').click()
  const editor = page.getByTestId('editor-json')
  await app.focusEditor(editor)
  await page.keyboard.press('ControlOrMeta+End')
  await page.keyboard.type(',') // a trailing comma: no longer a job
  await expect(page.getByTestId('job-validity')).toContainText('Job JSON')
  await page.getByTestId('run-local').click()
  await expect(page.getByTestId('notice')).toContainText('Not run: the Job JSON tab is not a job')
  await expect(page.getByTestId('run-status')).toHaveCount(0)
  // Back in the editor, the comma goes.
  await app.focusEditor(editor)
  await page.keyboard.press('ControlOrMeta+End')
  await page.keyboard.press('Backspace')
  await expect(page.getByTestId('job-validity')).toHaveAttribute('data-valid', 'true')

  await app.importJson(
    JSON.stringify({
      version: 1,
      groups: [{ name: 'spin', exec: { source: 'for (;;) {}' }, limits: { timeoutMs: 60000 } }],
    }),
  )
  await app.runLocal()
  await expect(page.getByTestId('node-status-spin')).toContainText('running')
  const dialog = page.waitForEvent('dialog')
  void page.reload().catch(() => undefined)
  const d = await dialog
  expect(d.type()).toBe('beforeunload')
  await d.dismiss()
  await page.getByTestId('run-cancel').click()
  await expectRunPhase(page, 'cancelled')
  await expect(page.getByTestId('node-status-spin')).toContainText('cancelled · 0/1')
})
