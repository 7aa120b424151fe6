/** Debian's Chromium through the e2e package's playwright-core (never a downloaded browser). */
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { CHROMIUM, CHROMIUM_ARGS, REPO } from '../../e2e/server.ts'
import type * as PlaywrightCore from '../../e2e/node_modules/playwright-core/index.js'

const { chromium } = createRequire(join(REPO, 'e2e/package.json'))(
  'playwright-core',
) as typeof PlaywrightCore

export type Browser = PlaywrightCore.Browser
export type Page = PlaywrightCore.Page

export const launchChromium = (): Promise<Browser> =>
  chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS })

/**
 * A fresh profile as a returning visitor: the first-visit welcome (a dialog over the page)
 * would stand in front of what the benches click.
 */
export async function returningVisitor(
  browser: Browser,
  viewport = { width: 1366, height: 768 },
): Promise<PlaywrightCore.BrowserContext> {
  const ctx = await browser.newContext({ viewport })
  await ctx.addInitScript(() => localStorage.setItem('zerolab.welcomed', '1'))
  return ctx
}
