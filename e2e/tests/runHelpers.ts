import type { Page } from '@playwright/test'
import { countWords, wordDocs } from '@zerolab/examples/data'
import { expect } from '../fixtures.ts'

/** The word-count data the browser store and `serve --seed` both hold (examples/data.ts). */
export const WORD_DOCS = wordDocs(8)

export const totalWords = (filter: (w: string) => boolean = () => true): number =>
  WORD_DOCS.reduce(
    (n, d) => n + d.text.split(/\s+/).filter((w) => w.length > 0 && filter(w)).length,
    0,
  )

export const independentTotal = (): number => WORD_DOCS.reduce((n, d) => n + countWords(d.text), 0)

/** Records every `data-state` a canvas node shows, from now on (live progress). */
export async function recordNodeStates(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { __states: string[] }
    w.__states = []
    new MutationObserver((records) => {
      for (const r of records) {
        const el = r.target as HTMLElement
        const id = el.dataset.testid
        if (id?.startsWith('node-') && el.dataset.state)
          w.__states.push(`${id.slice(5)}:${el.dataset.state}`)
      }
    }).observe(document.body, { subtree: true, attributes: true, attributeFilter: ['data-state'] })
  })
}

export const recordedStates = (page: Page): Promise<string[]> =>
  page.evaluate(() => (window as unknown as { __states: string[] }).__states)

/** Waits for the current run to end in `phase`. */
export async function expectRunPhase(page: Page, phase: string, timeout = 60_000): Promise<void> {
  await expect(page.getByTestId('run-status')).toHaveAttribute('data-phase', phase, { timeout })
}

/** The stdout of one instance, from the results panel. */
export async function instanceStdout(page: Page, name: string): Promise<string> {
  await page.getByTestId('results-tab-instances').click()
  await page.getByTestId(`instance-${name}`).click()
  const out = page.getByTestId('instance-stdout')
  await expect(out).toBeVisible()
  return out.innerText()
}

export async function signIn(
  page: Page,
  account = 'admin',
  user = 'admin',
  key = 'admin',
): Promise<void> {
  await page.getByTestId('cluster-signin').click()
  await fillSignIn(page, account, user, key)
}

/** Completes the sign-in dialog once it is open, typing as a person does. */
export async function fillSignIn(
  page: Page,
  account = 'admin',
  user = 'admin',
  key = 'admin',
): Promise<void> {
  await page.getByTestId('signin-account').pressSequentially(account)
  await page.getByTestId('signin-user').pressSequentially(user)
  await page.getByTestId('signin-key').pressSequentially(key)
  await page.getByTestId('signin-submit').click()
  await expect(page.getByTestId('signin-dialog')).toBeHidden()
  await expect(page.getByTestId('cluster-signin')).toContainText(`${account}:${user}@`)
}

export const SPIN_JOB = (timeoutMs: number): string =>
  JSON.stringify({
    version: 1,
    groups: [
      {
        name: 'hello',
        exec: { source: "console.log('still here')" },
        devices: [{ name: 'stdout' }],
      },
      {
        name: 'spin',
        exec: { source: 'for (;;) {}' },
        devices: [{ name: 'stdout' }],
        limits: { timeoutMs },
      },
    ],
  })
