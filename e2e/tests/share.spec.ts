import { expect, test } from '../fixtures.ts'
import { fillSignIn } from './runHelpers.ts'

const EDITED =
  "// shared edit\nconst text = zerolab.read('input')\nzerolab.write('out/reduce', `1 ${zerolab.name}\\n`)\n"

test('a share link opens the same graph and code in a fresh browser context', async ({
  app,
  page,
  browser,
  baseURL,
}) => {
  await app.goto()
  await app.openExample('wordcount')
  await app.selectNode('map')
  await app.setCode(EDITED)
  await page.getByTestId('share').click()
  const url = await page.getByTestId('share-url').inputValue()
  expect(url).toMatch(/#v1\.[A-Za-z0-9_-]+$/)
  await app.screenshot('share')
  await page.keyboard.press('Escape')
  const original = await app.exportedJob()

  const fresh = await browser.newContext({ baseURL })
  const other = await fresh.newPage()
  const { PlaygroundPage } = await import('../pages/PlaygroundPage.ts')
  const app2 = new PlaygroundPage(other)
  await other.goto(url)
  await expect(app2.nodes()).toHaveCount(2)
  await app2.selectNode('map')
  expect(await app2.codeText()).toContain('// shared edit')
  expect(await app2.exportedJob()).toEqual(original)
  await fresh.close()
})

test('a large job travels as a server short link /s/<id>', async ({
  app,
  page,
  browser,
  baseURL,
}) => {
  await app.goto()
  // Incompressible inline code makes the hash form too long, so the app stores it on the server.
  let seed = 7
  const noise = Array.from({ length: 6000 }, () => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31
    return String.fromCharCode(97 + (seed % 26))
  }).join('')
  await app.importJson(
    JSON.stringify({
      version: 1,
      groups: [
        {
          name: 'big',
          exec: { source: `// ${noise}\nconsole.log(1)\n` },
          devices: [{ name: 'stdout' }],
        },
      ],
    }),
  )
  const original = await app.exportedJob()
  // Stored links need an account: sharing signed out asks to sign in first.
  await page.getByTestId('share').click()
  await expect(page.getByTestId('signin-dialog')).toBeVisible()
  await fillSignIn(page)
  await page.getByTestId('share').click()
  const url = await page.getByTestId('share-url').inputValue()
  expect(url).toMatch(/\/s\/[A-Za-z0-9_-]{12}$/)

  const fresh = await browser.newContext({ baseURL })
  const other = await fresh.newPage()
  const { PlaygroundPage } = await import('../pages/PlaygroundPage.ts')
  const app2 = new PlaygroundPage(other)
  await other.goto(url)
  await expect(app2.node('big')).toBeVisible()
  expect(await app2.exportedJob()).toEqual(original)
  await fresh.close()
})
