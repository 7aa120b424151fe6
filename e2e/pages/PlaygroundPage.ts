import { expect, type Locator, type Page } from '@playwright/test'
import { fileURLToPath } from 'node:url'

const SHOTS = fileURLToPath(new URL('../screenshots/', import.meta.url))

/** The playground as a user sees it: canvas, palette, dock tabs, dialogs. */
export class PlaygroundPage {
  constructor(readonly page: Page) {}

  async goto(path = '/'): Promise<void> {
    await this.page.goto(path)
    await expect(this.page.getByTestId('canvas')).toBeVisible()
  }

  node(name: string): Locator {
    return this.page.getByTestId(`node-${name}`)
  }

  nodes(): Locator {
    return this.page.locator('.react-flow__node')
  }

  edges(): Locator {
    return this.page.locator('.react-flow__edge')
  }

  async openExample(id: string): Promise<void> {
    await this.page.getByTestId('open-gallery').click()
    await this.page.getByTestId(`example-${id}`).click()
    await expect(this.page.getByTestId('gallery')).toBeHidden()
    await expect(this.page.getByTestId('job-title')).toHaveText(`${id} example`)
  }

  async selectNode(name: string): Promise<void> {
    await this.node(name).click()
    await expect(this.page.getByTestId('node-name')).toHaveValue(name)
  }

  codeEditor(): Locator {
    return this.page.getByTestId('editor-code')
  }

  /** The code editor's text as Monaco renders it (fine for short programs). */
  async codeText(): Promise<string> {
    await this.page.getByTestId('tab-code').click()
    const lines = await this.editorLines(this.codeEditor())
    return (await lines.innerText()).replace(/\u00a0/g, ' ')
  }

  /**
   * Monaco's text lines once the editor is up. Until then the page shows the text as a plain
   * preview, and touching it loads the editor, as a person's click would. Monaco is a 4 MB
   * chunk: on a loaded machine its first parse takes longer than a UI reaction, hence the
   * longer wait here only.
   */
  async editorLines(editor: Locator): Promise<Locator> {
    const preview = this.page.locator('.editor-preview:visible')
    // The preview may give way to Monaco between the look and the click: then there is no need.
    if ((await preview.count()) > 0)
      await preview
        .first()
        .click({ timeout: 5_000 })
        .catch(() => undefined)
    const lines = editor.locator('.view-lines')
    await expect(lines).toBeVisible({ timeout: 90_000 })
    return lines
  }

  /** Replaces the selected node's code by typing it (see typeInEditor). */
  async setCode(source: string): Promise<void> {
    await this.page.getByTestId('tab-code').click()
    await this.typeInEditor(this.codeEditor(), source)
  }

  /**
   * Replaces a Monaco editor's text by typing it on the keyboard, line by line, as a person
   * does. Monaco closes brackets and quotes and indents by itself: what it auto-closed after
   * the caret is removed at the end of each line (the person's own closing characters come on
   * a later line) and its indentation is replaced by the line's own.
   */
  async typeInEditor(editor: Locator, text: string): Promise<void> {
    const kb = this.page.keyboard
    await this.focusEditor(editor)
    await kb.press('ControlOrMeta+A')
    await kb.press('Backspace')
    const lines = text.replace(/\n$/, '').split('\n')
    for (const [i, line] of lines.entries()) {
      if (i > 0) {
        await kb.press('Escape') // a completion list open at the end of a line would take Enter
        await kb.press('Enter')
        // Monaco's own indentation goes; the line brings its own. The caret is always at the
        // end of the text, so Delete removes only what Shift+Home selected.
        await kb.press('Shift+Home')
        await kb.press('Delete')
      }
      await kb.type(line)
      await kb.press('Shift+End')
      await kb.press('Delete')
    }
    if (text.endsWith('\n')) {
      await kb.press('Escape')
      await kb.press('Enter')
    }
  }

  /** Clicks into an editor until Monaco has the focus (a click right after mount may miss). */
  async focusEditor(editor: Locator): Promise<void> {
    const lines = await this.editorLines(editor)
    await expect(async () => {
      await lines.click()
      expect(await editor.evaluate((el) => el.contains(document.activeElement))).toBe(true)
    }).toPass({ timeout: 30_000 })
  }

  async importJson(text: string): Promise<void> {
    await this.page.getByTestId('open-import').click()
    await this.page.getByTestId('import-text').fill(text)
    await this.page.getByTestId('import-submit').click()
  }

  /** HTML5 drag of a palette item onto the canvas at (x, y) relative to the canvas. */
  async dragFromPalette(
    kind: 'js' | 'ts' | 'python' | 'c' | 'cpp' | 'wasm',
    x: number,
    y: number,
  ): Promise<void> {
    await this.page
      .getByTestId(`palette-${kind}`)
      .dragTo(this.page.locator('.react-flow__pane'), { targetPosition: { x, y } })
  }

  /** Drags from the source handle of one node to the target handle of another. */
  async connect(source: string, target: string): Promise<void> {
    const from = await this.node(source).locator('.react-flow__handle.source').boundingBox()
    const to = await this.node(target).locator('.react-flow__handle.target').boundingBox()
    if (!from || !to) throw new Error('handles not visible')
    const m = this.page.mouse
    await m.move(from.x + from.width / 2, from.y + from.height / 2)
    await m.down()
    await m.move((from.x + to.x) / 2, (from.y + to.y) / 2, { steps: 5 })
    await m.move(to.x + to.width / 2, to.y + to.height / 2, { steps: 5 })
    await m.up()
  }

  async runLocal(): Promise<void> {
    await this.page.getByTestId('run-local').click()
  }

  async exportedJob(): Promise<unknown> {
    const download = this.page.waitForEvent('download')
    await this.page.getByTestId('export').click()
    const file = await (await download).path()
    const { readFileSync } = await import('node:fs')
    return JSON.parse(readFileSync(file, 'utf8')) as unknown
  }

  async screenshot(name: string): Promise<void> {
    await this.page.screenshot({ path: `${SHOTS}${name}.png` })
  }
}
