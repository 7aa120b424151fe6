import { serve, type ServerType } from '@hono/node-server'
import { mkdtempSync, rmSync } from 'node:fs'
import type { Server } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Hono } from 'hono'
import { createApp } from '../src/app.ts'
import type { OpenDeps } from '../src/appDeps.ts'
import { makePrincipal, type Principal } from '../src/auth/principal.ts'
import { makeConfig, type ServerLimits } from '../src/config.ts'
import type { ExecOptions } from '../src/execution/execOptions.ts'
import { silentLogger } from '../src/log.ts'
import { openDeps } from '../src/openDeps.ts'
import { answerBeforeClientErrors, TitleCaseResponse } from '../src/swift/wireResponse.ts'

/** Accounts admin, test (user tester), other (user user) and bob. */
export const USERS = 'admin:admin:admin,test:tester:testing,other:user:secret,bob:bob:bob'

export type Fetch = (path: string, init?: RequestInit) => Promise<Response>

export interface HarnessOptions {
  /** `app` (default): requests through `app.request()`; `server`: a real socket on 127.0.0.1. */
  mode?: 'app' | 'server'
  limits?: Partial<ServerLimits>
  /** Execution options (queue bounds, pool size, caps) over the environment's. */
  exec?: Partial<ExecOptions>
  /** Reuse a data dir (to test a restart); it is left in place by `close()`. */
  dir?: string
  /** `account:user:key,…` (default USERS; admin and bob must be among them). */
  users?: string
}

export interface Harness {
  dir: string
  deps: OpenDeps
  app: Hono
  fetch: Fetch
  /** Token of `account:user`. */
  token(user: string, key: string): Promise<string>
  admin: { token: string; who: Principal }
  bob: { token: string; who: Principal }
  /** Creates the container (owner: `who`) and stores objects in it. */
  put(
    who: Principal,
    container: string,
    objects: Record<string, Uint8Array | string>,
  ): Promise<void>
  read(who: Principal, container: string, name: string): Promise<string>
  close(): Promise<void>
}

/** The server on a fresh data dir with the test users: deps from `openDeps`, the app from `createApp`. */
export async function openHarness(o: HarnessOptions = {}): Promise<Harness> {
  const dir = o.dir ?? mkdtempSync(join(tmpdir(), 'zerolab-server-'))
  const deps = openDeps(makeConfig({ dataDir: dir, limits: o.limits ?? {} }), {
    log: silentLogger,
    users: o.users ?? USERS,
    exec: o.exec ?? {},
  })
  const app = createApp(deps)
  let server: { url: string; close(): Promise<void> } | undefined
  let fetchFn: Fetch
  if (o.mode === 'server') {
    const s = await listen(app)
    server = s
    fetchFn = (path, init) => fetch(`${s.url}${path}`, init)
  } else {
    fetchFn = async (path, init) => app.request(path, init)
  }
  const token = async (user: string, key: string): Promise<string> => {
    const r = await fetchFn('/auth/v1.0', { headers: { 'X-Auth-User': user, 'X-Auth-Key': key } })
    if (r.status !== 200) throw new Error(`login ${user}: ${r.status}`)
    return r.headers.get('x-auth-token')!
  }
  const login = (u: string): { token: string; who: Principal } => ({
    token: deps.auth.login(`${u}:${u}`, u).token,
    who: makePrincipal(u, u),
  })
  return {
    dir,
    deps,
    app,
    fetch: fetchFn,
    token,
    admin: login('admin'),
    bob: login('bob'),
    async put(who, container, objects) {
      deps.store.putContainer(who, who.account, container, {})
      for (const [name, data] of Object.entries(objects)) {
        const bytes = typeof data === 'string' ? new TextEncoder().encode(data) : data
        await deps.store.putObject(
          who,
          { account: who.account, container, name },
          (async function* () {
            yield bytes
          })(),
        )
      }
    },
    async read(who, container, name) {
      const r = await deps.store.readAll(who, { account: who.account, container, name }, 1 << 30)
      return new TextDecoder().decode(r.bytes)
    },
    async close() {
      await server?.close()
      await deps.close()
      if (!o.dir) rmSync(dir, { recursive: true, force: true })
    },
  }
}

/** Listens on 127.0.0.1 with an ephemeral port. */
export async function listen(app: Hono): Promise<{ url: string; close(): Promise<void> }> {
  const server = await new Promise<ServerType>((ok) => {
    const s = serve(
      {
        fetch: app.fetch,
        port: 0,
        hostname: '127.0.0.1',
        serverOptions: { ServerResponse: TitleCaseResponse },
      },
      () => ok(s),
    )
    answerBeforeClientErrors(s as Server)
  })
  const addr = server.address()
  const port = typeof addr === 'object' && addr ? addr.port : 0
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((ok) => {
        if ('closeAllConnections' in server) server.closeAllConnections()
        server.close(() => ok())
      }),
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
