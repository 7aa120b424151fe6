/**
 * Starts the real server (`zerolab serve --seed`) on a free 127.0.0.1 port with a temp data
 * dir, serving the built web app (apps/web/dist, or ZL_WEB_DIST). Used by the Playwright
 * globalSetup and by bench/web.bench.ts.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { ensureWebBuild } from '../scripts/webBuild.ts'

export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..')
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
/** Debian's Chromium, never a downloaded browser. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]

export const webDist = (): string => resolve(process.env.ZL_WEB_DIST ?? join(REPO, 'apps/web/dist'))

/** Builds apps/web when its inputs changed since the last build (or always with ZL_E2E_REBUILD=1). */
export function ensureWebBuilt(): void {
  if (process.env.ZL_WEB_DIST) return
  ensureWebBuild({ force: !!process.env.ZL_E2E_REBUILD })
}

function waitForUrl(child: ChildProcess, timeoutMs: number): Promise<string> {
  return new Promise((ok, fail) => {
    let log = ''
    const timer = setTimeout(() => fail(new Error(`server did not start:\n${log}`)), timeoutMs)
    const onData = (chunk: Buffer): void => {
      log += chunk.toString()
      const m = /listening on (http:\/\/[^\s]+)/.exec(log)
      if (m) {
        clearTimeout(timer)
        ok(m[1]!)
      }
    }
    child.stdout?.on('data', onData)
    child.stderr?.on('data', onData)
    child.on('exit', (code) => {
      clearTimeout(timer)
      fail(new Error(`server exited with ${code}:\n${log}`))
    })
  })
}

export interface TestServer {
  url: string
  stop(): Promise<void>
}

export async function startServer(): Promise<TestServer> {
  const env = { ...process.env }
  delete env.ZEROLAB_USERS // the default user admin:admin (key admin)
  const data = mkdtempSync(join(tmpdir(), 'zerolab-e2e-'))
  const child = spawn(
    process.execPath,
    [
      ...['--import', 'tsx', 'apps/server/src/cli/main.ts', 'serve'],
      ...['--host', '127.0.0.1', '--port', '0', '--data', data, '--seed', '--web', webDist()],
    ],
    { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'], env },
  )
  const url = await waitForUrl(child, 120_000)
  child.stdout?.resume()
  child.stderr?.resume()
  return {
    url,
    async stop() {
      const exited = new Promise((ok) => child.once('exit', ok))
      child.kill('SIGTERM')
      await Promise.race([exited, new Promise((ok) => setTimeout(ok, 3000))])
      rmSync(data, { recursive: true, force: true })
    },
  }
}
