import type { Page, Request } from '@playwright/test'
import { expect, test } from '../fixtures.ts'
import { signIn } from './runHelpers.ts'

/**
 * Issue 9: a public HTML/SVG object opened by a signed-in playground user cannot read the
 * session or call the API as that user. The payload below steals the session when it runs in
 * the app's origin (checked first, so the test would fail if the server stopped protecting
 * objects); opened from the object store, it never gets the chance.
 */
const SESSION_KEY = 'zerolab.cluster.session'

/** Reads the playground's session and writes its token, as that user, into `loot/<name>`. */
const steal = (name: string): string => `(async () => {
  const s = JSON.parse(sessionStorage.getItem(${JSON.stringify(SESSION_KEY)}))
  const r = await fetch(s.storageUrl + '/loot/${name}', {
    method: 'PUT',
    headers: { 'X-Auth-Token': s.token },
    body: s.token,
  })
  return r.status
})()`

/** The same payload as each content type an attacker would store it as. */
const OBJECTS: { name: string; type: string; body: string }[] = [
  { name: 'x.html', type: 'text/html', body: `<script>${steal('html')}</script>` },
  {
    name: 'x.svg',
    type: 'image/svg+xml',
    body: `<svg xmlns="http://www.w3.org/2000/svg"><script>${steal('svg')}</script></svg>`,
  },
  {
    name: 'x.xhtml',
    type: 'application/xhtml+xml',
    body: `<html xmlns="http://www.w3.org/1999/xhtml"><body><script>//<![CDATA[\n${steal('xhtml')}\n//]]></script></body></html>`,
  },
]
/** HTML stored as text: with nosniff it renders as text, and in a sandbox even then. */
const AS_TEXT = { name: 'page.txt', type: 'text/plain', body: `<script>${steal('text')}</script>` }

interface Session {
  token: string
  storageUrl: string
}

const sessionOf = async (page: Page): Promise<Session> =>
  JSON.parse((await page.evaluate((k) => sessionStorage.getItem(k), SESSION_KEY))!) as Session

async function loot(s: Session): Promise<string[]> {
  const r = await fetch(`${s.storageUrl}/loot?format=json`, {
    headers: { 'X-Auth-Token': s.token },
  })
  if (r.status === 404) return []
  expect(r.status).toBe(200)
  return ((await r.json()) as { name: string }[]).map((o) => o.name)
}

test('a public HTML/SVG object opened by a signed-in user cannot read the session or act as them', async ({
  app,
  page,
}) => {
  await app.goto()
  await signIn(page)
  const victim = await sessionOf(page)

  // The attacker's public container (its owner does not matter: objects are served alike).
  const container = `${victim.storageUrl}/pub-${Date.now()}`
  const put = async (url: string, headers: Record<string, string>, body = ''): Promise<void> => {
    const r = await fetch(url, {
      method: 'PUT',
      headers: { 'X-Auth-Token': victim.token, ...headers },
      body,
    })
    expect(r.status).toBe(201)
  }
  await put(container, { 'X-Container-Read': '.r:*,.rlistings' })
  for (const o of [...OBJECTS, AS_TEXT])
    await put(`${container}/${o.name}`, { 'Content-Type': o.type }, o.body)
  await put(`${victim.storageUrl}/loot`, {})

  // Control: run in the app's origin, the payload does steal the token.
  expect(await page.evaluate(steal('control'))).toBe(201)
  expect(await loot(victim)).toEqual(['control'])

  // Every active type the victim opens (in the signed-in tab, as from a link) is a download:
  // it never renders, in the app's origin or any other.
  const requests: string[] = []
  const record = (r: Request): void => {
    if (r.headers()['x-auth-token']) requests.push(r.url())
  }
  page.on('request', record)
  for (const o of OBJECTS) {
    const download = page.waitForEvent('download')
    const opened = await page.goto(`${container}/${o.name}`).then(
      () => 'rendered as a page',
      (e: Error) => e.message,
    )
    expect(opened, o.name).toMatch(/Download is starting|net::ERR_ABORTED/)
    expect((await download).suggestedFilename()).toBe(o.name)
  }

  // HTML stored as text/plain renders as text, in a sandbox with an opaque origin: no script
  // ran, and nothing there can reach the app's storage.
  await page.goto(`${container}/${AS_TEXT.name}`)
  await expect(page.locator('body')).toContainText('<script>')
  const inside = await page.evaluate((k) => {
    let storage: string
    try {
      storage = String(sessionStorage.getItem(k))
    } catch (e) {
      storage = (e as Error).name
    }
    return { origin: self.origin, storage, scripts: document.scripts.length }
  }, SESSION_KEY)
  expect(inside).toEqual({ origin: 'null', storage: 'SecurityError', scripts: 0 })
  page.off('request', record)
  expect(requests).toEqual([])

  // Back in the app the session is intact, and nothing but the control used it.
  await app.goto()
  await expect(page.getByTestId('cluster-signin')).toContainText('admin:admin@')
  expect((await sessionOf(page)).token).toBe(victim.token)
  expect(await loot(victim)).toEqual(['control'])
})
