import { serve, type ServerType } from '@hono/node-server'
import type { Server } from 'node:http'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createApp } from '../src/app.ts'
import type { AppDeps } from '../src/appDeps.ts'
import { makeConfig, type ServerLimits } from '../src/config.ts'
import { silentLogger } from '../src/log.ts'
import { openDeps } from '../src/openDeps.ts'
import { answerBeforeClientErrors, TitleCaseResponse } from '../src/swift/wireResponse.ts'

export const USERS = 'admin:admin:admin,test:tester:testing,other:user:secret'

export type Fetch = (path: string, init?: RequestInit) => Promise<Response>

export interface Harness {
  deps: AppDeps
  dir: string
  fetch: Fetch
  /** Token of `account:user`. */
  token(user: string, key: string): Promise<string>
  close(): Promise<void>
}

/** A fresh data dir with the test users, reached through `app.request()` or a real socket. */
export async function harness(
  mode: 'app' | 'server',
  limits: Partial<ServerLimits> = {},
): Promise<Harness> {
  const dir = mkdtempSync(join(tmpdir(), 'zerolab-server-'))
  const deps = openDeps(makeConfig({ dataDir: dir, limits }), { log: silentLogger, users: USERS })
  const app = createApp(deps)
  let server: ServerType | undefined
  let fetchFn: Fetch
  if (mode === 'app') {
    fetchFn = async (path, init) => app.request(path, init)
  } else {
    const s = await new Promise<ServerType>((ok) => {
      const srv = serve(
        {
          fetch: app.fetch,
          port: 0,
          hostname: '127.0.0.1',
          serverOptions: { ServerResponse: TitleCaseResponse },
        },
        () => ok(srv),
      )
      answerBeforeClientErrors(srv as Server)
    })
    server = s
    const addr = s.address()
    const port = typeof addr === 'object' && addr ? addr.port : 0
    fetchFn = (path, init) => fetch(`http://127.0.0.1:${port}${path}`, init)
  }
  const token = async (user: string, key: string): Promise<string> => {
    const r = await fetchFn('/auth/v1.0', { headers: { 'X-Auth-User': user, 'X-Auth-Key': key } })
    if (r.status !== 200) throw new Error(`login ${user}: ${r.status}`)
    return r.headers.get('x-auth-token')!
  }
  return {
    deps,
    dir,
    fetch: fetchFn,
    token,
    close: async () => {
      if (server) await new Promise<void>((ok) => server!.close(() => ok()))
      deps.close()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

/** A PUT body with its Content-Length (app.request() does not add one by itself). */
export function body(data: string | Uint8Array, headers: Record<string, string> = {}): RequestInit {
  const bytes = typeof data === 'string' ? new TextEncoder().encode(data) : data
  return {
    method: 'PUT',
    body: bytes as Uint8Array<ArrayBuffer>,
    headers: { 'Content-Length': String(bytes.byteLength), ...headers },
  }
}
