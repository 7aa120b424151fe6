import { expect, test } from '../fixtures.ts'

// The mapper counts words of its object; the edit doubles every count so we can see it took effect.
const MAPPER = [
  "const text = zerolab.read('input')",
  'const words = text.split(/\\s+/).filter((w) => w.length > 0).length * 2',
  "const name = zerolab.env.LOCAL_PATH_INFO.split('/').slice(2).join('/')",
  "zerolab.write('out/reduce', `${words} ${name}\\n`)",
  '',
].join('\n')

test('open the word-count example, edit the mapper, run locally, see the counts', async ({
  app,
  page,
}) => {
  await app.goto()
  await app.openExample('wordcount')
  await app.selectNode('map')
  await expect.poll(() => app.codeText()).toContain("zerolab.read('input')")
  await app.screenshot('editor')

  // First the original mapper, to know the counts…
  await page.keyboard.press('ControlOrMeta+Enter')
  await expect(page.getByTestId('run-status')).toHaveAttribute('data-phase', 'ok', {
    timeout: 60_000,
  })
  await page.getByTestId('instance-reduce').click()
  const before = await page.getByTestId('instance-stdout').innerText()
  const total = Number(/(\d+)\s+total/.exec(before)?.[1])
  expect(total).toBeGreaterThan(0)

  // …then the edited one: every count doubles.
  await app.selectNode('map')
  await app.setCode(MAPPER)
  await app.runLocal()
  await expect(page.getByTestId('run-status')).toHaveAttribute('data-phase', 'ok', {
    timeout: 60_000,
  })
  await expect(app.node('map')).toHaveAttribute('data-state', 'ok')
  await page.getByTestId('instance-reduce').click()
  await expect(page.getByTestId('instance-stdout')).toContainText(`${total * 2} total`)
  await app.screenshot('results')
})
