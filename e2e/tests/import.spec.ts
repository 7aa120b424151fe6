import { expect, test } from '../fixtures.ts'

test('importing malformed JSON shows an error naming the path', async ({ app, page }) => {
  await app.goto()
  await app.importJson(
    '{\n  "groups": [\n    { "name": "map", "exec": { "path": "map.js", } }\n  ]\n}',
  )
  const error = page.getByTestId('import-error')
  await expect(error).toContainText('groups[0].exec')
  await expect(error).toContainText('line 3')
  await app.screenshot('import-error')

  // A well-formed job with a broken rule names the path of the rule too.
  await page
    .getByTestId('import-text')
    .fill(JSON.stringify([{ name: 'map', exec: { path: 'map.wasm' }, connect: ['reduce'] }]))
  await page.getByTestId('import-submit').click()
  await expect(error).toContainText('groups[0].connect[0]')

  // And a ZeroCloud array job opens as a graph.
  await page.getByTestId('import-text').fill(
    JSON.stringify([
      { name: 'map', exec: { path: 'swift://~/apps/map.wasm' }, connect: ['reduce'] },
      {
        name: 'reduce',
        exec: { path: 'swift://~/apps/reduce.wasm' },
        devices: [{ name: 'stdout' }],
      },
    ]),
  )
  await page.getByTestId('import-submit').click()
  await expect(page.getByTestId('import-dialog')).toBeHidden()
  await expect(app.nodes()).toHaveCount(2)
  await expect(app.edges()).toHaveCount(1)
})

test('the JSON tab shows schema errors inline with their path and stays in sync', async ({
  app,
  page,
}) => {
  await app.goto()
  await app.importJson(
    JSON.stringify({
      version: 1,
      groups: [
        { name: 'solo', exec: { source: "console.log('hi')" }, devices: [{ name: 'stdout' }] },
      ],
    }),
  )
  await page.getByTestId('tab-json').click()
  const editor = page.getByTestId('editor-json')
  await expect(editor.locator('.view-lines')).toContainText('"solo"')
  // Rename through the inspector: the JSON follows the graph.
  await app.selectNode('solo')
  await page.getByTestId('node-name').click()
  await page.keyboard.press('ControlOrMeta+A')
  await page.keyboard.type('alone')
  await page.keyboard.press('Enter')
  await expect(editor.locator('.view-lines')).toContainText('"alone"')
  // Break a rule in the text: the problem names the path, the graph keeps the last good job.
  await app.typeInEditor(
    editor,
    JSON.stringify(
      { version: 1, groups: [{ name: 'alone', exec: { source: 'x' }, count: 0 }] },
      null,
      2,
    ),
  )
  await expect(page.getByTestId('json-problems')).toContainText('groups[0].count')
})
