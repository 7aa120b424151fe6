import { copyFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { expect, test } from '../fixtures.ts'
import { expectRunPhase } from './runHelpers.ts'

// The main views at a laptop (1280×720) and a desktop (1440×900) size, light and dark, into
// e2e/screenshots/; the README's picture (docs/screenshot.png) is the 1440×900 light one.
const SIZES = [
  { width: 1440, height: 900 },
  { width: 1280, height: 720 },
]

for (const size of SIZES) {
  test(`main views at ${size.width}×${size.height}, light and dark`, async ({ app, page }) => {
    await page.setViewportSize(size)
    await app.goto()
    await app.openExample('wordcount')
    await app.selectNode('map')
    await app.runLocal()
    await expectRunPhase(page, 'ok')
    await page.getByTestId('instance-reduce').click()
    // Code, graph and results are all on screen at once.
    for (const id of ['canvas', 'editor-code', 'instance-stdout'])
      await expect(page.getByTestId(id)).toBeInViewport()
    const html = page.locator('html')
    for (const theme of ['light', 'dark'] as const) {
      if ((await html.getAttribute('data-theme')) !== theme)
        await page.getByTestId('theme-toggle').click()
      await expect(html).toHaveAttribute('data-theme', theme)
      const tag = `${size.width}x${size.height}-${theme}`
      await page.getByTestId('editor-code').locator('.view-lines').waitFor()
      await app.screenshot(`workspace-${tag}`)
      await page.getByTestId('open-lessons').click()
      await page.getByTestId('lesson-pipes').click()
      await expect(page.getByTestId('lesson-step')).toBeVisible()
      await app.screenshot(`lesson-${tag}`)
      await page.getByTestId('lesson-all').click()
      await page.getByTestId('undo').click() // back to the word count
      await page.getByTestId('open-gallery').click()
      await expect(page.getByTestId('gallery')).toBeVisible()
      await app.screenshot(`gallery-${tag}`)
      await page.keyboard.press('Escape')
    }
    if (size.width === 1440)
      copyFileSync(
        fileURLToPath(new URL('../screenshots/workspace-1440x900-light.png', import.meta.url)),
        fileURLToPath(new URL('../../docs/screenshot.png', import.meta.url)),
      )
  })
}
