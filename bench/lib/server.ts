import { execFileSync, spawn, type ChildProcess } from 'node:child_process'
import { readFileSync, readdirSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

export const REPO = join(dirname(fileURLToPath(import.meta.url)), '..', '..')

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
  nodeArgs: string[] = [],
): Promise<BenchServer> {
  const child = spawn(
    process.execPath,
    [
      ...nodeArgs,
      '--import',
      'tsx',
      join(REPO, 'apps/server/src/serve.ts'),
      '--port',
      '0',
      '--data',
      dataDir,
    ],
    {
      cwd: REPO,
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

/** Signs in as admin:admin; the storage URL and the headers that carry the token. */
export async function signIn(url: string): Promise<{ storage: string; h: Record<string, string> }> {
  const auth = await fetch(`${url}/auth/v1.0`, {
    headers: { 'X-Auth-User': 'admin:admin', 'X-Auth-Key': 'admin' },
  })
  return {
    storage: auth.headers.get('x-storage-url')!,
    h: { 'X-Auth-Token': auth.headers.get('x-auth-token')! },
  }
}

/**
 * CPU time (user + system, all threads) a process has used so far, in ms, from
 * /proc/<pid>/stat (10 ms ticks). Unlike wall time it barely moves with the machine's load.
 */
export function processCpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  // Fields 14 and 15 of stat (utime, stime) are 12 and 13 after the command name.
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100
}

/**
 * CPU time (ms) of the processes `roots` and all their descendants (Swift's servers fork their
 * workers), summed; processes that are gone count 0.
 */
export function processTreeCpuMs(roots: number[]): number {
  const kids = new Map<number, number[]>()
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8')
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1])
      kids.set(ppid, [...(kids.get(ppid) ?? []), Number(d)])
    } catch {
      // exited while listing
    }
  }
  let ms = 0
  const todo = [...roots]
  for (let pid = todo.pop(); pid !== undefined; pid = todo.pop()) {
    try {
      ms += processCpuMs(pid)
    } catch {
      // exited
    }
    todo.push(...(kids.get(pid) ?? []))
  }
  return ms
}

/** Compiles one C file to a wasm32-wasi module with Debian's clang; returns its bytes. */
export function compileC(source: string, out: string): Uint8Array {
  execFileSync('clang', ['--target=wasm32-wasi', '-O2', '-Wl,--strip-all', '-o', out, source])
  return new Uint8Array(readFileSync(out))
}
