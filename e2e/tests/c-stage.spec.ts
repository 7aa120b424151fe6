import type { Page } from '@playwright/test'
import { expect, test } from '../fixtures.ts'
import {
  WORD_DOCS,
  expectRunPhase,
  independentTotal,
  instanceStdout,
  signIn,
} from './runHelpers.ts'

// Every test starts with a cold compiler (a fresh browser profile downloads and compiles clang).
test.describe.configure({ timeout: 600_000 })

const COMPILE_MS = 300_000

const SUM_OF_SQUARES = `#include <zerolab.h>

int main(void) {
  long sum = 0;
  for (int i = 1; i <= 100; i++) {
    sum += (long)i * i;
  }
  printf("%s: %ld\\n", zl_name(), sum);
  return 0;
}
`

async function compileState(page: Page, state: string): Promise<void> {
  await expect(page.getByTestId('compile-status')).toHaveAttribute('data-state', state, {
    timeout: COMPILE_MS,
  })
}

async function programHash(page: Page, group: string): Promise<string> {
  const el = page.getByTestId(`program-${group}`)
  await expect(el).toHaveAttribute('data-hash', /^[0-9a-f]{32}$/)
  return (await el.getAttribute('data-hash'))!
}

/** Local run, then the same job on the cluster: same output ETags, same module hashes. */
async function runBothWays(page: Page, groups: string[], check: () => Promise<void>) {
  await page.getByTestId('run-local').click()
  await expectRunPhase(page, 'ok', COMPILE_MS)
  await check()
  const local = await Promise.all(groups.map((g) => programHash(page, g)))
  await page.getByTestId('run-cluster').click()
  await expectRunPhase(page, 'ok', COMPILE_MS)
  await check()
  expect(await Promise.all(groups.map((g) => programHash(page, g)))).toEqual(local)
  await expect(page.getByTestId('determinism')).toContainText('same ETags as last run ✓')
  await expect(page.getByTestId('determinism')).toContainText('last run local')
}

test('a C stage written from scratch compiles in the browser and runs locally and on the cluster alike', async ({
  app,
  page,
}) => {
  await app.goto()
  await signIn(page)
  await app.selectNode('hello')
  await page.keyboard.press('Delete')
  await expect(app.nodes()).toHaveCount(0)
  await app.dragFromPalette('c', 300, 200)
  await expect(app.node('stage-1')).toContainText('c')
  await app.selectNode('stage-1')
  await page.getByTestId('tab-code').click()
  await compileState(page, 'ok') // the starter program, with a cold compiler

  await app.setCode(SUM_OF_SQUARES) // typed on the keyboard, line by line
  await compileState(page, 'ok')
  const exported = (await app.exportedJob()) as { groups: { exec: { source: string } }[] }
  expect(exported.groups[0]!.exec.source).toBe(SUM_OF_SQUARES)
  await app.screenshot('c-stage-editor')

  await runBothWays(page, ['stage-1'], async () => {
    expect((await instanceStdout(page, 'stage-1')).trim()).toBe('stage-1: 338350')
  })
  await app.screenshot('c-stage-cluster')
})

test('a compile error is shown at its line, in the editor and in the results', async ({
  app,
  page,
}) => {
  await app.goto()
  await page.getByTestId('palette-c').click()
  await app.selectNode('stage-1')
  await page.getByTestId('tab-code').click()
  await compileState(page, 'ok')

  // Line 10 of the starter is `  return 0;`: make it return an undeclared name.
  await app.focusEditor(app.codeEditor())
  await page.keyboard.press('ControlOrMeta+Home')
  for (let i = 1; i < 10; i++) await page.keyboard.press('ArrowDown')
  await page.keyboard.press('End')
  await page.keyboard.press('Backspace')
  await page.keyboard.press('Backspace')
  await page.keyboard.type('missing;')
  await compileState(page, 'failed')
  await expect(page.getByTestId('compile-problems')).toContainText(
    "stage.c:10:10: error: use of undeclared identifier 'missing'",
  )
  // The squiggle sits on line 10 of the editor.
  const squiggle = app.codeEditor().locator('.squiggly-error').first()
  await expect(squiggle).toBeVisible()
  const line10 = app.codeEditor().locator('.view-line').filter({ hasText: 'return missing;' })
  const [a, b] = await Promise.all([squiggle.boundingBox(), line10.boundingBox()])
  expect(Math.abs(a!.y - b!.y)).toBeLessThan(b!.height)
  await app.screenshot('c-stage-compile-error')

  await page.keyboard.press('ControlOrMeta+Enter')
  await expectRunPhase(page, 'failed', COMPILE_MS)
  await expect(page.getByTestId('instance-stage-1')).toHaveAttribute('data-status', 'invalid')
  await page.getByTestId('instance-stage-1').click()
  const detail = page.getByTestId('instance-detail')
  await expect(detail).toContainText(
    "compile failed: line 10: use of undeclared identifier 'missing'",
  )
  await expect(page.getByTestId('instance-stderr')).toContainText('stage.c:10:10: error:')
  await expect(page.getByTestId('program-stage-1')).toContainText('did not compile')
})

test('the C examples open and run locally and on the freshly seeded cluster', async ({
  app,
  page,
}) => {
  await app.goto()
  await signIn(page)

  await app.openExample('wordcount-c')
  await app.selectNode('reduce')
  await page.getByTestId('tab-code').click()
  await compileState(page, 'ok')
  await runBothWays(page, ['map', 'reduce'], async () => {
    await expect(page.getByTestId('node-status-map')).toContainText(
      `ok · ${WORD_DOCS.length}/${WORD_DOCS.length}`,
    )
    expect((await instanceStdout(page, 'reduce')).trim()).toMatch(
      new RegExp(`\\b${independentTotal()} total$`),
    )
  })

  await app.openExample('sizeof')
  await runBothWays(page, ['sizeof'], async () => {
    const bytes = new TextEncoder().encode(WORD_DOCS[0]!.text).length
    expect((await instanceStdout(page, 'sizeof')).trim()).toBe(String(bytes))
  })
  await app.screenshot('c-examples')
})
