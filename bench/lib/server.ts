import { spawn } from 'node:child_process'
import { join } from 'node:path'

const repo = join(import.meta.dirname, '..', '..')

export interface BenchServer {
  url: string
  /** The server process (its runtime workers are threads of it). */
  pid: number
  stop(): Promise<void>
}

/** `zerolab serve` as a child process on a free loopback port, data in `dataDir`. */
export async function startServer(dataDir: string): Promise<BenchServer> {
  const child = spawn(
    process.execPath,
    [
      ...['--import', 'tsx', join(repo, 'apps/server/src/serve.ts')],
      ...['--host', '127.0.0.1', '--port', '0', '--data', dataDir],
    ],
    { cwd: repo, stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, ZEROLAB_USERS: '' } },
  )
  const url = await new Promise<string>((ok, fail) => {
    let out = ''
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString()
      const m = /listening on (http:\/\/[^\s]+)/.exec(out)
      if (m) ok(m[1]!)
    })
    child.on('exit', (code) => fail(new Error(`server exited ${code}: ${out}`)))
  })
  child.stdout.resume()
  return {
    url,
    pid: child.pid!,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return
      const exited = new Promise((ok) => child.once('exit', ok))
      child.kill('SIGTERM')
      await exited
    },
  }
}

/** Logs in as the default user (admin:admin): the token and the account's storage URL. */
export async function login(url: string): Promise<{ token: string; storage: string }> {
  const r = await fetch(`${url}/auth/v1.0`, {
    headers: { 'X-Auth-User': 'admin:admin', 'X-Auth-Key': 'admin' },
  })
  await r.arrayBuffer()
  if (r.status !== 200) throw new Error(`auth at ${url}: ${r.status}`)
  return { token: r.headers.get('x-auth-token')!, storage: r.headers.get('x-storage-url')! }
}
