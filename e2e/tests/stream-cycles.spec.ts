import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { REPO } from '../server.ts'
import { expect, test } from '../fixtures.ts'
import { expectRunPhase, instanceStdout, signIn } from './runHelpers.ts'

/**
 * Jobs whose instances must talk while running (issue 8, must-show 1), C compiled by clang:
 * request/reply, a self-connected group and ZeroVM's disort shape (src → dst, src → man,
 * dst → man, man → src). Each runs in the page (Web Workers, SharedArrayBuffer pipes), then on
 * the server: the same outputs, byte for byte ("same ETags as last run").
 */
const RUNTIME_TEST = join(REPO, 'packages/runtime/test')
const out = mkdtempSync(join(tmpdir(), 'zerolab-e2e-c-'))

/** The job file with every `swift://~/bin/<p>.wasm` replaced by the module inline (base64). */
function inlineJob(name: string): string {
  const groups = JSON.parse(readFileSync(join(RUNTIME_TEST, 'jobs', `${name}.json`), 'utf8')) as {
    name: string
    exec: { path?: string; source?: string; encoding?: string; args?: string }
  }[]
  for (const g of groups) {
    const program = /^swift:\/\/~\/bin\/(\w+)\.wasm$/.exec(g.exec.path ?? '')?.[1]
    if (!program) throw new Error(`${name}: ${g.name} has no bin/ program`)
    const wasm = join(out, `${program}.wasm`)
    execFileSync('clang', [
      ...['--target=wasm32-wasi', '-O2', '-o', wasm],
      join(RUNTIME_TEST, 'fixtures', `${program}.c`),
    ])
    g.exec = { ...g.exec, path: undefined, source: readFileSync(wasm).toString('base64') }
    g.exec.encoding = 'base64'
  }
  return JSON.stringify({ version: 1, groups })
}

const CASES: { job: string; check: string; expected: RegExp }[] = [
  { job: 'pingpong', check: 'client', expected: /client got 200 answers, sum 40200/ },
  { job: 'ring', check: 'p-1', expected: /p-2: from p-2\s+p-3: from p-3/ },
  { job: 'disort', check: 'man', expected: /3 workers, 2 reducers, 6000 numbers/ },
]

for (const c of CASES) {
  test(`${c.job}: runs in the page and on the server with the same output ETags`, async ({
    app,
    page,
  }) => {
    await app.goto()
    await app.importJson(inlineJob(c.job))
    await app.runLocal()
    await expectRunPhase(page, 'ok', 90_000)
    expect(await instanceStdout(page, c.check)).toMatch(c.expected)

    await signIn(page)
    await page.getByTestId('run-cluster').click()
    await expectRunPhase(page, 'ok', 90_000)
    expect(await instanceStdout(page, c.check)).toMatch(c.expected)
    await expect(page.getByTestId('determinism')).toContainText('same ETags as last run ✓')
    await expect(page.getByTestId('determinism')).toContainText('last run local')
  })
}
