/**
 * `pnpm bench web-c`: C in the playground, in Debian's Chromium against the real server. Time
 * from opening the `wordcount-c` example to its first local result, with a cold compiler (a
 * fresh browser profile: clang's ~100 MB downloaded and compiled) and with a warm one (reload:
 * clang from Cache Storage; the compiled-module cache emptied, so both stages really compile),
 * next to the JavaScript word count in the same browser as the baseline. Also checks that the
 * initial JS leaves clang and Monaco out (lazy) and stays within 300 KB gzip.
 */
import { ensureWebBuilt, startServer } from '../e2e/server.ts'
import { launchChromium, returningVisitor, type Browser, type Page } from './lib/browser.ts'
import { median, printTable, writeResult } from './lib/report.ts'
import { gzipBytes, initialFiles, kb, readManifest } from './lib/viteManifest.ts'

const RUNS = 3
const TIMEOUT_MS = 600_000

/** Clicks an example card, runs it locally at once, waits for `ok`: ms from the click. */
async function openAndRun(page: Page, id: string): Promise<number> {
  await page.getByTestId('open-gallery').click()
  const t0 = Date.now()
  await page.getByTestId(`example-${id}`).click()
  await page.getByTestId('node-reduce').waitFor()
  await page.getByTestId('run-local').click()
  await page.locator('[data-testid="run-status"][data-phase="ok"]').waitFor({ timeout: TIMEOUT_MS })
  return Date.now() - t0
}

async function freshPage(browser: Browser, url: string) {
  const ctx = await returningVisitor(browser)
  const page = await ctx.newPage()
  await page.goto(url)
  await page.getByTestId('run-local').waitFor()
  return { ctx, page }
}

async function main(): Promise<void> {
  ensureWebBuilt()
  const manifest = readManifest()
  const initial = initialFiles(manifest)
  const initialJsGz = initial.js.reduce((s, f) => s + gzipBytes(f), 0)
  // Chunk names of the lazy parts: clang's worker and its loader, Monaco.
  const lazyNames = ['compiler.worker', 'MonacoEditor', 'bundle', 'llvm']
  const eager = initial.js.filter((f) => lazyNames.some((n) => f.includes(n)))

  const server = await startServer()
  const browser = await launchChromium()
  const js: number[] = []
  const cold: number[] = []
  const warm: number[] = []
  try {
    for (let i = 0; i < RUNS; i++) {
      const { ctx, page } = await freshPage(browser, server.url)
      js.push(await openAndRun(page, 'wordcount'))
      cold.push(await openAndRun(page, 'wordcount-c'))
      // Warm: a reload keeps Cache Storage (clang); dropping the module cache makes it compile.
      await page.evaluate(
        () =>
          new Promise((ok) => {
            const r = indexedDB.deleteDatabase('zerolab-modules')
            r.onsuccess = r.onerror = r.onblocked = () => ok(undefined)
          }),
      )
      await page.reload()
      await page.getByTestId('run-local').waitFor()
      warm.push(await openAndRun(page, 'wordcount-c'))
      await ctx.close()
    }
  } finally {
    await browser.close()
    await server.stop()
  }

  const ratio = (xs: number[]): number => Math.round((median(xs) / median(js)) * 10) / 10
  const data = {
    initialJsGzipKb: kb(initialJsGz),
    initialJsTargetKb: 300,
    lazyPartsInInitialJs: eager,
    wordcountCOpenToResultColdMsMedian: median(cold),
    wordcountCOpenToResultWarmMsMedian: median(warm),
    wordcountJsOpenToResultMsMedian: median(js),
    coldVsJs: ratio(cold),
    warmVsJs: ratio(warm),
    ms: { cold, warm, js },
  }
  printTable([
    { metric: 'initial JS gzip (KB, target ≤ 300)', value: data.initialJsGzipKb },
    { metric: 'clang or Monaco chunks in the initial JS', value: eager.length },
    { metric: 'open wordcount-c → first local result, cold compiler (ms)', value: median(cold) },
    { metric: 'open wordcount-c → first local result, warm compiler (ms)', value: median(warm) },
    { metric: 'baseline: open wordcount (JS) → first local result (ms)', value: median(js) },
    { metric: 'cold / baseline', value: data.coldVsJs },
    { metric: 'warm / baseline', value: data.warmVsJs },
  ])
  writeResult('web-c', data)
  if (eager.length > 0 || initialJsGz > 300 * 1024) process.exitCode = 1
}

await main()
