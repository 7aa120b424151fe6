import { expect, test } from '../fixtures.ts'

test('the examples gallery opens jobs; the code editor completes the sandbox API', async ({
  app,
  page,
}) => {
  await app.goto()
  await page.getByTestId('open-gallery').click()
  await expect(page.getByTestId('example-wordcount')).toContainText('Word count')
  await expect(page.getByTestId('gallery').locator('.gallery-card')).not.toHaveCount(0)
  await app.screenshot('gallery')
  await page.getByTestId('example-wordcount').click()

  await app.selectNode('reduce')
  await app.setCode('const peers = zerolab.')
  await page.keyboard.press('End')
  await page.keyboard.press('Control+Space')
  const suggest = page.locator('.suggest-widget')
  await expect(suggest).toBeVisible({ timeout: 60_000 })
  await expect(suggest).toContainText('readBytes', { timeout: 60_000 })
  await app.screenshot('editor-completions')
  await page.keyboard.press('Escape')

  // Ctrl+Enter from inside the editor runs the job instead of inserting a line.
  await page.keyboard.press('ControlOrMeta+Enter')
  await expect(page.getByTestId('run-status')).toBeVisible()
  expect((await app.codeText()).split('\n').filter(Boolean)).toHaveLength(1)
})
