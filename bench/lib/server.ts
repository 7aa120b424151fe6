import { spawn, type ChildProcess } from 'node:child_process'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const repo = join(dirname(fileURLToPath(import.meta.url)), '..', '..')

export interface BenchServer {
  url: string
  /** The server process (its RSS is the server's). */
  child: ChildProcess
  stop(): void
}

/** `zerolab serve` as a child process on a loopback ephemeral port, with `env` added. */
export async function startServer(
  dataDir: string,
  env: Record<string, string> = {},
): Promise<BenchServer> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(repo, 'apps/server/src/serve.ts'), '--port', '0', '--data', dataDir],
    {
      cwd: repo,
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env, ZEROLAB_USERS: '', ...env },
    },
  )
  const url = await new Promise<string>((ok, fail) => {
    let out = ''
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString()
      const m = /listening on (http:\/\/[^\s]+)/.exec(out)
      if (m) ok(m[1]!)
    })
    child.on('exit', (code) => fail(new Error(`server exited ${code}: ${out}`)))
  })
  child.stdout!.resume()
  return { url, child, stop: () => child.kill('SIGTERM') }
}
