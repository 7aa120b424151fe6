import { expect, test } from '../fixtures.ts'
import { expectRunPhase, instanceStdout } from './runHelpers.ts'

interface TypedJob {
  seed?: string
  epoch?: string
  groups: {
    name: string
    exec: { source?: string; args?: string; env?: Record<string, string> }
    devices?: { name?: string; path?: string }[]
    limits?: { timeoutMs?: number }
  }[]
}

// Spaces, brackets of every kind, both quotes, a template literal, nesting and Enter.
const PROGRAM = `// typed: spaces, (brackets), [arrays] and {objects}
const greeting = 'hello, world'
const xs = [1, 2, 3].map((x) => x * 2)
if (xs.length > 2) {
  console.log(greeting + " " + JSON.stringify({ xs }))
}
console.log(\`args: \${zerolab.args.slice(1).join(' | ')}; env: \${zerolab.env.GREETING}\`)
`

test('typing into the code editor: spaces, brackets, quotes and Enter arrive as typed', async ({
  app,
  page,
}) => {
  await app.goto()
  await app.importJson(
    JSON.stringify({
      version: 1,
      groups: [{ name: 'say', exec: { source: '' }, devices: [{ name: 'stdout' }] }],
    }),
  )
  // The canvas had the focus (a node selected) before the editor: its keys must not follow.
  await app.selectNode('say')
  await page.keyboard.press('Space')
  await app.setCode(PROGRAM)
  await expect(app.nodes()).toHaveCount(1) // Backspace in the editor deleted no node

  // Inspector fields, typed: arguments with quotes, a multi-line environment, a limit.
  await page.getByLabel('Arguments').click()
  await page.keyboard.type('-n 3 --label "a b" [x]')
  const env = page.getByLabel('Environment (KEY=value per line)')
  await env.click()
  await page.keyboard.type('GREETING=hi there')
  await page.keyboard.press('Enter')
  await page.keyboard.type('EMPTY={ }')
  await page.getByLabel('Timeout ms').click()
  await page.keyboard.type('5000')
  await expect(app.nodes()).toHaveCount(1)

  const job = (await app.exportedJob()) as TypedJob
  const g = job.groups[0]!
  expect(g.exec.source).toBe(PROGRAM)
  expect(g.exec.args).toBe('-n 3 --label "a b" [x]')
  expect(g.exec.env).toEqual({ GREETING: 'hi there', EMPTY: '{ }' })
  expect(g.limits?.timeoutMs).toBe(5000)

  await app.runLocal()
  await expectRunPhase(page, 'ok')
  const out = await instanceStdout(page, 'say')
  expect(out).toContain('hello, world {"xs":[2,4,6]}')
  expect(out).toContain('args: -n | 3 | --label | "a | b" | [x]; env: hi there')
})

test('typing into the Job JSON editor builds the job as typed', async ({ app, page }) => {
  await app.goto()
  await page.getByTestId('tab-json').click()
  const json = `{
  "version": 1,
  "seed": "typed seed",
  "groups": [
    {
      "name": "typed-stage",
      "exec": { "source": "console.log('a b', [1, 2].join(' + '), JSON.stringify({ c: 3 }))" },
      "devices": [{ "name": "stdout" }]
    }
  ]
}`
  await app.typeInEditor(page.getByTestId('editor-json'), json)
  await expect(page.getByTestId('json-problems')).toBeHidden()
  await expect(app.node('typed-stage')).toBeVisible()
  await expect(app.nodes()).toHaveCount(1)
  const job = (await app.exportedJob()) as TypedJob
  expect(job.seed).toBe('typed seed')
  expect(job.groups[0]!.exec.source).toBe(
    "console.log('a b', [1, 2].join(' + '), JSON.stringify({ c: 3 }))",
  )

  await app.runLocal()
  await expectRunPhase(page, 'ok')
  expect(await instanceStdout(page, 'typed-stage')).toContain('a b 1 + 2 {"c":3}')
})

test('typing into the inspector: rename, job settings, device fields', async ({ app, page }) => {
  await app.goto()
  await app.openExample('sort')
  // Double-click renames, even when the node was not selected before.
  await page.locator('.react-flow__pane').click({ position: { x: 5, y: 5 } })
  await app.node('sort').dblclick()
  await expect(page.getByTestId('node-name')).toBeFocused()
  await page.keyboard.press('ControlOrMeta+A')
  // A name with a space would break pipe paths: refused, with the rule.
  await page.keyboard.type('sort lines')
  await page.keyboard.press('Enter')
  await expect(page.getByTestId('notice')).toContainText('no spaces')
  await page.keyboard.press('ControlOrMeta+A')
  await page.keyboard.type('sort_lines.v2')
  await page.keyboard.press('Enter')
  await expect(app.node('sort_lines.v2')).toBeVisible()

  await page.getByRole('textbox', { name: 'Path of stdout' }).click()
  await page.keyboard.press('ControlOrMeta+A')
  await page.keyboard.type('swift://~/sort-out/sorted lines.txt')

  await page.locator('.react-flow__pane').click({ position: { x: 5, y: 5 } })
  await page.getByLabel('Seed').click()
  await page.keyboard.type('my seed {1}')
  await page.getByLabel('Epoch').click()
  await page.keyboard.type('2024-01-02T03:04:05Z')

  const job = (await app.exportedJob()) as TypedJob
  expect(job.seed).toBe('my seed {1}')
  expect(job.epoch).toBe('2024-01-02T03:04:05Z')
  const g = job.groups[0]!
  expect(g.name).toBe('sort_lines.v2')
  expect(g.devices?.find((d) => d.name === 'stdout')?.path).toBe(
    'swift://~/sort-out/sorted lines.txt',
  )
})
