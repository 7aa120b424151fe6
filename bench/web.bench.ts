/**
 * `pnpm bench web`: the playground's initial JS (gzipped, from the Vite manifest, without the
 * lazy Monaco and runtime chunks), time to interactive on localhost and time to run the
 * word-count example locally, in Debian's Chromium against the real server.
 */
import { readFileSync, statSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import {
  CHROMIUM,
  CHROMIUM_ARGS,
  REPO,
  ensureWebBuilt,
  startServer,
  webDist,
} from '../e2e/server.ts'
import type * as PlaywrightCore from '../e2e/node_modules/playwright-core/index.js'
import { median, printTable, writeResult } from './lib/report.ts'

const { chromium } = createRequire(join(REPO, 'e2e/package.json'))(
  'playwright-core',
) as typeof PlaywrightCore

interface ManifestChunk {
  file: string
  isEntry?: boolean
  imports?: string[]
  dynamicImports?: string[]
  css?: string[]
}

/** Files the entry loads before anything is lazily imported. */
function initialFiles(manifest: Record<string, ManifestChunk>): { js: string[]; css: string[] } {
  const js = new Set<string>()
  const css = new Set<string>()
  const visit = (key: string): void => {
    const c = manifest[key]
    if (!c || js.has(c.file)) return
    js.add(c.file)
    for (const f of c.css ?? []) css.add(f)
    for (const i of c.imports ?? []) visit(i)
  }
  for (const [key, c] of Object.entries(manifest)) if (c.isEntry) visit(key)
  return { js: [...js], css: [...css] }
}

const INTERACTIVE_AT = `new Promise((ok) => {
  const check = () =>
    document.querySelector('.react-flow__node') && document.querySelector('[data-testid="run-local"]')
      ? requestAnimationFrame(() => ok(performance.now()))
      : requestAnimationFrame(check)
  check()
})`

const gz = (file: string): number =>
  gzipSync(readFileSync(join(webDist(), file)), { level: 9 }).length
const kb = (n: number): number => Math.round((n / 1024) * 10) / 10

async function main(): Promise<void> {
  ensureWebBuilt()
  const manifest = JSON.parse(
    readFileSync(join(webDist(), '.vite/manifest.json'), 'utf8'),
  ) as Record<string, ManifestChunk>
  const initial = initialFiles(manifest)
  const allJs = Object.values(manifest)
    .map((c) => c.file)
    .filter((f) => f.endsWith('.js'))
  const initialJsGz = initial.js.reduce((s, f) => s + gz(f), 0)
  const initialCssGz = initial.css.reduce((s, f) => s + gz(f), 0)
  const lazyJsBytes = allJs
    .filter((f) => !initial.js.includes(f))
    .reduce((s, f) => s + statSync(join(webDist(), f)).size, 0)

  const server = await startServer()
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS })
  const tti: number[] = []
  const wall: number[] = []
  const dcl: number[] = []
  const runs: { cold: number[]; warm: number[] } = { cold: [], warm: [] }
  try {
    for (let i = 0; i < 5; i++) {
      const ctx = await browser.newContext({ viewport: { width: 1366, height: 768 } })
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
      const ctx = await browser.newContext({ viewport: { width: 1366, height: 768 } })
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
