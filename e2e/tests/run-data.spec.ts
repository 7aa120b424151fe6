import { expect, test } from '../fixtures.ts'
import { WORD_DOCS, signIn } from './runHelpers.ts'

test.describe('browser object store (IndexedDB)', () => {
  test('seeded samples: browse, preview text and binary', async ({ app, page }) => {
    await app.goto()
    const select = page.getByTestId('container-select')
    await expect(select.locator('option')).toContainText([
      'apps',
      'docs',
      'logs',
      'sort-data',
      'wordcount-data',
    ])
    await select.selectOption('wordcount-data')
    await expect(page.locator('[data-testid="object-list"] li')).toHaveCount(WORD_DOCS.length)
    await page.getByTestId(`open-${WORD_DOCS[0]!.name}`).click()
    await expect(page.getByTestId('object-preview')).toContainText(
      WORD_DOCS[0]!.text.split('\n')[0]!,
    )
    await select.selectOption('apps')
    await page.getByTestId('open-wc_map.wasm').click()
    await expect(page.getByTestId('object-preview')).toContainText('00 61 73 6d') // \0asm as hex
  })

  test('drag-and-drop upload persists across reloads; delete removes it', async ({ app, page }) => {
    await app.goto()
    await page.getByTestId('container-select').selectOption('docs')
    // A real drop event carrying a File, as a desktop drag would deliver it.
    await page.getByTestId('local-browser').evaluate((el) => {
      const dt = new DataTransfer()
      dt.items.add(new File(['dropped words here\n'], 'dropped.txt', { type: 'text/plain' }))
      el.dispatchEvent(
        new DragEvent('dragover', { dataTransfer: dt, bubbles: true, cancelable: true }),
      )
      el.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }))
    })
    await expect(page.getByTestId('object-dropped.txt')).toBeVisible()
    await page.getByTestId('upload-input').setInputFiles({
      name: 'picked.bin',
      mimeType: 'application/octet-stream',
      buffer: Buffer.from([0, 1, 2, 255]),
    })
    await expect(page.getByTestId('object-picked.bin')).toBeVisible()

    await page.reload()
    await page.getByTestId('container-select').selectOption('docs')
    await page.getByTestId('open-dropped.txt').click()
    await expect(page.getByTestId('object-preview')).toContainText('dropped words here')
    await page.getByTestId('open-picked.bin').click()
    await expect(page.getByTestId('object-preview')).toContainText('00 01 02 ff')

    const download = page.waitForEvent('download')
    await page.getByRole('button', { name: 'Download dropped.txt' }).click()
    expect((await download).suggestedFilename()).toBe('dropped.txt')

    // Deleting asks first: the first click only arms the button.
    await page.getByTestId('delete-dropped.txt').click()
    await expect(page.getByTestId('delete-dropped.txt')).toHaveText('Delete?')
    await expect(page.getByTestId('object-dropped.txt')).toBeVisible()
    await page.getByTestId('delete-dropped.txt').click()
    await expect(page.getByTestId('object-dropped.txt')).toBeHidden()
    await page.reload()
    await page.getByTestId('container-select').selectOption('docs')
    await expect(page.getByTestId('object-picked.bin')).toBeVisible()
    await expect(page.getByTestId('object-dropped.txt')).toBeHidden()

    // A deleted sample comes back with "Restore samples".
    await page.getByTestId('container-select').selectOption('apps')
    await page.getByTestId('delete-wc_map.wasm').click()
    await page.getByTestId('delete-wc_map.wasm').click()
    await expect(page.getByTestId('object-wc_map.wasm')).toBeHidden()
    await page.getByTestId('restore-samples').click()
    await expect(page.getByTestId('notice')).toContainText('Restored 1 sample object')
    await expect(page.getByTestId('object-wc_map.wasm')).toBeVisible()
  })
})

test('cluster data: create a container, upload by drop, download, share, delete with confirmation', async ({
  app,
  page,
}) => {
  await app.goto()
  await signIn(page)
  await page.getByTestId('data-tab-cluster').click()
  await page.getByTestId('cluster-new-container').click()
  await page.getByTestId('cluster-container-name').click()
  await page.keyboard.type('my-inputs')
  await page.keyboard.press('Enter')
  await expect(page.getByTestId('cluster-container-select')).toHaveValue('my-inputs')
  await page.getByTestId('cluster-browser').evaluate((el) => {
    const dt = new DataTransfer()
    dt.items.add(new File(['cluster words\n'], 'notes.txt', { type: 'text/plain' }))
    el.dispatchEvent(
      new DragEvent('dragover', { dataTransfer: dt, bubbles: true, cancelable: true }),
    )
    el.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }))
  })
  await expect(page.getByTestId('cluster-object-notes.txt')).toBeVisible()
  const download = page.waitForEvent('download')
  await page.getByRole('button', { name: 'Download notes.txt' }).click()
  const file = await (await download).path()
  const { readFileSync } = await import('node:fs')
  expect(readFileSync(file, 'utf8')).toBe('cluster words\n')

  await page.getByTestId('cluster-access').selectOption('public')
  await expect(page.getByTestId('notice')).toContainText('my-inputs is public')
  // Anyone can read it now, without a token.
  const anon = await page.request.get(`/v1/AUTH_admin/my-inputs/notes.txt`)
  expect(await anon.text()).toBe('cluster words\n')

  await page.getByTestId('cluster-delete-container').click()
  await expect(page.getByTestId('cluster-delete-container')).toContainText('Delete 1 object too?')
  await page.getByTestId('cluster-delete-container').click()
  await expect(page.getByTestId('notice')).toContainText('Deleted my-inputs')
  await expect(page.getByTestId('cluster-container-select').locator('option')).not.toContainText([
    'my-inputs',
  ])
})

test('without IndexedDB the samples live in memory and local runs still work', async ({
  app,
  page,
}) => {
  await page.addInitScript(() => {
    IDBFactory.prototype.open = () => {
      throw new DOMException('IndexedDB disabled for this test', 'InvalidStateError')
    }
  })
  await app.goto()
  await expect(page.getByTestId('notice')).toContainText('IndexedDB is unavailable')
  await expect(page.getByTestId('container-select').locator('option')).toContainText([
    'wordcount-data',
  ])
  await app.openExample('wordcount')
  await app.runLocal()
  await expect(page.getByTestId('run-status')).toHaveAttribute('data-phase', 'ok', {
    timeout: 60_000,
  })
  await expect(page.getByTestId('node-status-map')).toContainText(
    `ok · ${WORD_DOCS.length}/${WORD_DOCS.length}`,
  )
})
