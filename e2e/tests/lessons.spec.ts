import type { Page } from '@playwright/test'
import { expect, test } from '../fixtures.ts'
import type { PlaygroundPage } from '../pages/PlaygroundPage.ts'
import { expectRunPhase, signIn } from './runHelpers.ts'

// Every lesson followed as a person would, from its first step to its last, each check
// passing; at least one wrong step in each lesson is refused with a hint.

const check = (page: Page) => page.getByTestId('lesson-check')

/** Next, expecting the step's check to pass (the step moves on). */
async function next(page: Page): Promise<void> {
  await expect(check(page)).toHaveAttribute('data-done', 'true')
  await page.getByTestId('lesson-next').click()
}

/** Next on a step not done yet: refused, with a hint. */
async function refused(page: Page, hint: string | RegExp): Promise<void> {
  const step = await page.getByTestId('lesson-step').locator('h3').innerText()
  await page.getByTestId('lesson-next').click()
  await expect(check(page)).toContainText('Not yet')
  await expect(check(page)).toContainText(hint)
  await expect(page.getByTestId('lesson-step').locator('h3')).toHaveText(step)
}

async function run(page: Page, target: 'local' | 'cluster' = 'local'): Promise<void> {
  await page.getByTestId(`run-${target}`).click()
  await expectRunPhase(page, 'ok')
}

/** Replaces a field's text by typing (the last field with that label, e.g. a new device row). */
async function typeInto(page: Page, label: string, text: string): Promise<void> {
  await page.getByLabel(label, { exact: true }).last().click()
  await page.keyboard.press('ControlOrMeta+A')
  await page.keyboard.type(text)
}

async function startFromList(page: Page, id: string): Promise<void> {
  await page.getByTestId('open-lessons').click()
  await page.getByTestId(`lesson-${id}`).click()
  await expect(page.getByTestId('lesson-step')).toContainText('step 1 of')
}

async function finish(page: Page, id: string): Promise<void> {
  await next(page)
  await expect(page.getByTestId('lesson-complete')).toBeVisible()
  await expect(page.getByTestId(`lesson-status-${id}`)).toHaveText('✓ done')
}

test('first visit: the welcome starts lesson 1, followed to its end', async ({
  browser,
  baseURL,
}) => {
  // A first visit, without the fixtures' "already welcomed" flag.
  const ctx = await browser.newContext({ baseURL })
  const page = await ctx.newPage()
  const { PlaygroundPage } = await import('../pages/PlaygroundPage.ts')
  const app: PlaygroundPage = new PlaygroundPage(page)
  await page.goto('/')
  await expect(page.getByTestId('welcome')).toBeVisible()
  await page.getByTestId('welcome-start').click()
  await expect(page.getByTestId('lesson-step')).toContainText('step 1 of 3')
  await expect(app.node('hello')).toBeVisible()

  await refused(page, 'Press ▶ Run')
  await page.keyboard.press('ControlOrMeta+Enter')
  await expectRunPhase(page, 'ok')
  await next(page)

  await refused(page, 'Change the code first')
  await app.selectNode('hello')
  await app.setCode("console.log('hi from ' + zerolab.name)\n")
  await typeInto(page, 'Arguments', '-n3')
  await refused(page, 'Arguments are -n3') // no space: refused, with what to type
  await typeInto(page, 'Arguments', '-n 3')
  await refused(page, 'Press ▶ Run') // changed since the last run
  await run(page)
  await next(page)

  await run(page)
  await expect(page.getByTestId('determinism')).toContainText('same ETags')
  await finish(page, 'first-stage')
  // Progress is remembered: a reload shows lesson 1 done.
  await page.reload()
  await page.getByTestId('open-lessons').click()
  await expect(page.getByTestId('lesson-status-first-stage')).toHaveText('✓ done')
  await ctx.close()
})

test('lesson 2: read an object, write one (a duplicate device is refused)', async ({
  app,
  page,
}) => {
  await app.goto()
  await startFromList(page, 'objects')
  await run(page)
  await next(page)

  await app.selectNode('upper')
  await refused(page, 'Add a device named output')
  await page.getByRole('button', { name: '+ device' }).click()
  await expect(page.getByTestId('job-validity')).toHaveAttribute('data-valid', 'true')
  await typeInto(page, 'Device name', 'stdin') // the last row: a second stdin
  await refused(page, 'Two devices are named stdin')
  await typeInto(page, 'Device name', 'output')
  await typeInto(page, 'Path of output', 'swift://~/results/upper.txt')
  await app.setCode(
    "const text = zerolab.read('stdin')\nzerolab.write('stdout', text.toUpperCase())\nzerolab.write('output', text.toUpperCase())\n",
  )
  await run(page)
  await finish(page, 'objects')
})

test('lesson 3: pipes; an edge drawn the wrong way is refused', async ({ app, page }) => {
  await app.goto()
  await startFromList(page, 'pipes')
  await run(page)
  await next(page)

  await app.dragFromPalette('js', 300, 250)
  await expect(app.node('stage-1')).toBeVisible()
  await app.connect('stage-1', 'sum')
  await refused(page, 'draw it the other way')
  await page.getByTestId('undo').click()
  await app.connect('sum', 'stage-1')
  await next(page)

  await app.selectNode('sum')
  await app.setCode(
    "let total = 0\nfor (const peer of zerolab.list('in')) {\n  total += Number(zerolab.read('in/' + peer))\n}\nconsole.log('sum of squares:', total)\nzerolab.write('out/stage-1', String(total))\n",
  )
  await app.selectNode('stage-1')
  await app.setCode("console.log('total: ' + zerolab.read('in/sum'))\n")
  await run(page)
  await finish(page, 'pipes')
})

test('lesson 4: a map-reduce locally, then on the cluster', async ({ app, page }) => {
  await app.goto()
  await startFromList(page, 'map-reduce')
  await expect(app.node('map')).toBeVisible()
  await refused(page, 'Press ▶ Run')
  await run(page)
  await next(page)

  await refused(page, 'Sign in')
  await signIn(page)
  await next(page)

  await run(page, 'cluster')
  await expect(page.getByTestId('determinism')).toContainText('last run local')
  await finish(page, 'map-reduce')
})
