/**
 * `pnpm bench web`: the playground's initial JS (gzipped, from the Vite manifest, without the
 * lazy Monaco and runtime chunks), time to interactive on localhost and time to run the
 * word-count example locally, in Debian's Chromium against the real server.
 */
import { statSync } from 'node:fs'
import { join } from 'node:path'
import { ensureWebBuilt, startServer, webDist } from '../e2e/server.ts'
import { launchChromium, returningVisitor } from './lib/browser.ts'
import { median, printTable, writeResult } from './lib/report.ts'
import { gzipBytes, initialFiles, kb, readManifest } from './lib/viteManifest.ts'

const INTERACTIVE_AT = `new Promise((ok) => {
  const check = () =>
    document.querySelector('.react-flow__node') && document.querySelector('[data-testid="run-local"]')
      ? requestAnimationFrame(() => ok(performance.now()))
      : requestAnimationFrame(check)
  check()
})`

async function main(): Promise<void> {
  ensureWebBuilt()
  const manifest = readManifest()
  const initial = initialFiles(manifest)
  const allJs = Object.values(manifest)
    .map((c) => c.file)
    .filter((f) => f.endsWith('.js'))
  const initialJsGz = initial.js.reduce((s, f) => s + gzipBytes(f), 0)
  const initialCssGz = initial.css.reduce((s, f) => s + gzipBytes(f), 0)
  const lazyJsBytes = allJs
    .filter((f) => !initial.js.includes(f))
    .reduce((s, f) => s + statSync(join(webDist(), f)).size, 0)

  const server = await startServer()
  const browser = await launchChromium()
  const tti: number[] = []
  const wall: number[] = []
  const dcl: number[] = []
  const runs: { cold: number[]; warm: number[] } = { cold: [], warm: [] }
  try {
    for (let i = 0; i < 5; i++) {
      const ctx = await returningVisitor(browser)
      const page = await ctx.newPage()
      const t0 = Date.now()
      await page.goto(server.url, { waitUntil: 'domcontentloaded' })
      // Interactive: the default job is drawn and the Run button is there, measured in the page
      // from navigation start (the frame after both appear).
      const inPage = Number(await page.evaluate(INTERACTIVE_AT))
      wall.push(Date.now() - t0)
      tti.push(Math.round(inPage))
      dcl.push(
        Number(
          await page.evaluate(
            "performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd",
          ),
        ),
      )
      await ctx.close()
    }

    for (let i = 0; i < 2; i++) {
      const ctx = await returningVisitor(browser)
      const page = await ctx.newPage()
      await page.goto(server.url)
      await page.getByTestId('open-gallery').click()
      await page.getByTestId('example-wordcount').click()
      await page.getByTestId('node-map').waitFor()
      for (let r = 0; r < 3; r++) {
        const t0 = Date.now()
        await page.getByTestId('run-local').click()
        await page
          .locator('[data-testid="run-status"][data-phase="ok"]')
          .waitFor({ timeout: 120_000 })
        ;(r === 0 ? runs.cold : runs.warm).push(Date.now() - t0)
        await page.getByTestId('run-local').isEnabled()
      }
      await ctx.close()
    }
  } finally {
    await browser.close()
    await server.stop()
  }

  const data = {
    initialJsGzipKb: kb(initialJsGz),
    initialJsTargetKb: 300,
    initialCssGzipKb: kb(initialCssGz),
    initialJsFiles: initial.js,
    lazyJsKb: kb(lazyJsBytes),
    ttiMsMedian: median(tti),
    ttiMs: tti,
    ttiWallMsMedian: median(wall),
    domContentLoadedMsMedian: Math.round(median(dcl)),
    wordcountLocalColdMsMedian: median(runs.cold),
    wordcountLocalWarmMsMedian: median(runs.warm),
    wordcountLocalMs: runs,
  }
  printTable([
    { metric: 'initial JS gzip (KB, target ≤ 300)', value: data.initialJsGzipKb },
    { metric: 'initial CSS gzip (KB)', value: data.initialCssGzipKb },
    { metric: 'lazy JS, raw (KB)', value: data.lazyJsKb },
    { metric: 'time to interactive from navigation (ms, median of 5)', value: data.ttiMsMedian },
    { metric: 'goto → interactive, wall (ms, median of 5)', value: data.ttiWallMsMedian },
    { metric: 'word count local, first run (ms)', value: data.wordcountLocalColdMsMedian },
    { metric: 'word count local, warm run (ms)', value: data.wordcountLocalWarmMsMedian },
  ])
  writeResult('web', data)
}

await main()
