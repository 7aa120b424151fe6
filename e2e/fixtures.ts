import { test as base, expect } from '@playwright/test'
import { PlaygroundPage } from './pages/PlaygroundPage.ts'

/** `baseURL` comes from the server globalSetup started; `app` is the page object. */
export const test = base.extend<{ app: PlaygroundPage }>({
  // Playwright reads fixture dependencies from the destructuring pattern, so it must be there.
  // eslint-disable-next-line no-empty-pattern
  baseURL: async ({}, use) => {
    const url = process.env.ZL_BASE_URL
    if (!url) throw new Error('ZL_BASE_URL is not set: globalSetup did not run')
    await use(url)
  },
  // A returning visitor: the first-visit welcome is tested on its own (lessons.spec.ts).
  context: async ({ context }, use) => {
    await context.addInitScript(() => localStorage.setItem('zerolab.welcomed', '1'))
    await use(context)
  },
  app: async ({ page }, use) => {
    await use(new PlaygroundPage(page))
  },
})

export { expect }
