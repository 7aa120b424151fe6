import { expect, test } from '../fixtures.ts'

test('add a node by drag, connect it, rename, undo and redo', async ({ app, page }) => {
  await app.goto()
  await app.openExample('wordcount')
  await expect(app.nodes()).toHaveCount(2)
  await expect(app.node('map')).toContainText('* per object')
  await expect(app.edges()).toHaveCount(1)

  await app.dragFromPalette('js', 420, 260)
  await expect(app.nodes()).toHaveCount(3)
  await expect(app.node('stage-1')).toBeVisible()
  await expect(page.getByTestId('node-name')).toHaveValue('stage-1')

  await app.connect('reduce', 'stage-1')
  await expect(app.edges()).toHaveCount(2)

  await page.getByTestId('node-name').click()
  await page.keyboard.press('ControlOrMeta+A')
  await page.keyboard.type('report')
  await page.keyboard.press('Enter')
  await expect(app.node('report')).toBeVisible()

  // The job JSON follows the graph: the new edge is a connect entry naming the renamed node.
  const job = (await app.exportedJob()) as { groups: { name: string; connect?: string[] }[] }
  expect(job.groups.find((g) => g.name === 'reduce')?.connect).toEqual(['report'])
  await app.screenshot('designer')

  await page.locator('.react-flow__pane').click({ position: { x: 5, y: 5 } })
  await page.getByTestId('undo').click() // rename
  await expect(app.node('stage-1')).toBeVisible()
  await page.getByTestId('undo').click() // connect
  await expect(app.edges()).toHaveCount(1)
  await page.getByTestId('redo').click()
  await expect(app.edges()).toHaveCount(2)

  // Delete the node with the keyboard; its edge goes with it.
  await app.node('stage-1').click()
  await page.keyboard.press('Delete')
  await expect(app.nodes()).toHaveCount(2)
  await expect(app.edges()).toHaveCount(1)
})

test('keyboard: double-click renames, Ctrl+S saves, the draft survives a reload, Ctrl+Shift+S shares', async ({
  app,
  page,
}) => {
  await app.goto()
  await app.openExample('sort')
  await app.node('sort').dblclick()
  await expect(page.getByTestId('node-name')).toBeFocused()
  await page.keyboard.type('sorter')
  await page.keyboard.press('Enter')
  await expect(app.node('sorter')).toBeVisible()

  await page.locator('.react-flow__pane').click({ position: { x: 5, y: 5 } })
  await page.keyboard.press('ControlOrMeta+S')
  await expect(page.getByTestId('notice')).toContainText('Saved')
  await page.reload()
  await expect(app.node('sorter')).toBeVisible()
  await expect(page.getByTestId('job-title')).toHaveText('sort example')

  // The canvas/dock divider moves with the keyboard: ArrowUp gives the dock 5% more.
  const splitter = page.getByTestId('dock-splitter')
  const before = Number(await splitter.getAttribute('aria-valuenow'))
  await splitter.focus()
  await page.keyboard.press('ArrowUp')
  await expect(splitter).toHaveAttribute('aria-valuenow', String(before + 5))

  await page.keyboard.press('ControlOrMeta+Shift+S')
  await expect(page.getByTestId('share-url')).toHaveValue(/#v1\./)
})
