import { serve, type ServerType } from '@hono/node-server'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Hono } from 'hono'
import { createApp } from '../src/app.ts'
import type { AppDeps } from '../src/appDeps.ts'
import { makePrincipal, type Principal } from '../src/auth/principal.ts'
import { makeConfig } from '../src/config.ts'
import { silentLogger } from '../src/log.ts'
import { openDeps } from '../src/openDeps.ts'
import { configureExec, type ExecOptions, type ExecServices } from '../src/runner/execServices.ts'

export const USERS = 'admin:admin:admin,bob:bob:bob'

export interface Harness {
  dir: string
  deps: AppDeps & { close(): void }
  app: Hono
  exec: ExecServices
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

/** A fresh data dir, deps, exec services and app; users admin and bob (or `users`). */
export async function openHarness(
  over: Partial<ExecOptions> = {},
  dir?: string,
  users = USERS,
): Promise<Harness> {
  const d = dir ?? mkdtempSync(join(tmpdir(), 'zerolab-exec-'))
  const deps = openDeps(makeConfig({ dataDir: d }), { log: silentLogger, users })
  const exec = configureExec(deps, over)
  const app = createApp(deps)
  const login = (u: string): { token: string; who: Principal } => ({
    token: deps.auth.login(`${u}:${u}`, u).token,
    who: makePrincipal(u, u),
  })
  return {
    dir: d,
    deps,
    app,
    exec,
    admin: login('admin'),
    bob: login('bob'),
    async put(who, container, objects) {
      deps.store.putContainer(who, who.account, container, {})
      for (const [name, body] of Object.entries(objects)) {
        const bytes = typeof body === 'string' ? new TextEncoder().encode(body) : body
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
      const r = await deps.store.readAll(who, { account: who.account, container, name })
      return new TextDecoder().decode(r.bytes)
    },
    async close() {
      await exec.close()
      deps.close()
      if (!dir) rmSync(d, { recursive: true, force: true })
    },
  }
}

/** Listens on 127.0.0.1 with an ephemeral port. */
export async function listen(app: Hono): Promise<{ url: string; close(): Promise<void> }> {
  const server = await new Promise<ServerType>((ok) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => ok(s))
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
