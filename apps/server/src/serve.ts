import { serve, type ServerType } from '@hono/node-server'
import type { Server } from 'node:http'
import { ZeroLabError } from '@zerolab/shared'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { parseArgs } from 'node:util'
import { createApp } from './app.ts'
import type { OpenDeps } from './appDeps.ts'
import { makeConfig } from './config.ts'
import { consoleLogger } from './log.ts'
import { openDeps } from './openDeps.ts'
import { answerBeforeClientErrors, TitleCaseResponse } from './swift/wireResponse.ts'
import { openCluster } from './cluster/gateway/openCluster.ts'
import { seedAccounts } from './seedAccounts.ts'

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../../..')

export interface Running {
  url: string
  deps: OpenDeps
  server: ServerType
  close(): Promise<void>
}

/**
 * `zerolab serve [--port 8080] [--host 127.0.0.1] [--data ./.data] [--seed]
 *  [--max-object-size <bytes>] [--base-url <url>] [--web <dist dir>]
 *  [--cors-allow-origin '<origin> …' ('' = only containers' own CORS settings; default *)]
 *  [--swift <proxy url> --node <node url>…]` (cluster mode: see openCluster)
 */
export async function serveCommand(argv: string[]): Promise<Running> {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: 'string', default: process.env.PORT ?? '8080' },
      host: { type: 'string', default: '127.0.0.1' },
      data: { type: 'string', default: process.env.ZEROLAB_DATA ?? './.data' },
      seed: { type: 'boolean', default: false },
      'max-object-size': { type: 'string' },
      'base-url': { type: 'string' },
      web: { type: 'string' },
      'cors-allow-origin': { type: 'string' },
      swift: { type: 'string' },
      node: { type: 'string', multiple: true },
    },
    strict: true,
  })
  const port = Number(values.port)
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new ZeroLabError('INVALID_REQUEST', `bad --port ${values.port}`, '--port')
  }
  const maxObj = values['max-object-size']
  const config = makeConfig({
    dataDir: values.data,
    baseUrl: values['base-url'],
    webDist: values.web ?? join(REPO, 'apps', 'web', 'dist'),
    ...(values['cors-allow-origin'] !== undefined
      ? { corsAllowOrigin: values['cors-allow-origin'].split(/[\s,]+/).filter(Boolean) }
      : {}),
    limits: maxObj ? { maxObjectSize: Number(maxObj) } : {},
  })
  if (values.node?.length && !values.swift)
    throw new ZeroLabError('INVALID_REQUEST', '--node needs --swift <proxy url>', '--node')
  const cluster = values.swift
    ? await openCluster(values.swift, values.node ?? [], consoleLogger)
    : undefined
  const deps = openDeps(config, { log: consoleLogger, ...(cluster ? { cluster } : {}) })
  if (values.seed && !deps.cluster)
    deps.log.info(`seeded ${await seedAccounts(deps)} example objects`)
  const app = createApp(deps)
  const server = await new Promise<ServerType>((ok, fail) => {
    const s = serve(
      {
        fetch: app.fetch,
        port,
        hostname: values.host,
        serverOptions: { ServerResponse: TitleCaseResponse },
      },
      () => ok(s),
    )
    answerBeforeClientErrors(s as Server)
    s.once('error', (e: NodeJS.ErrnoException) => {
      void deps.close()
      fail(
        e.code === 'EADDRINUSE'
          ? new ZeroLabError(
              'UNAVAILABLE',
              `port ${port} on ${values.host} is already in use`,
              '--port',
            )
          : e,
      )
    })
  })
  const addr = server.address()
  const actualPort = typeof addr === 'object' && addr ? addr.port : port
  const url = `http://${values.host.includes(':') ? `[${values.host}]` : values.host}:${actualPort}`
  deps.log.info(`ZeroLab listening on ${url} (data: ${config.dataDir})`)
  const users = deps.auth.listUsers()
  if (deps.cluster) {
    deps.log.info(
      `cluster mode: objects in Swift at ${deps.cluster.proxyUrl}, ${deps.cluster.registry.nodes.length} node(s); try: swift -A ${url}/auth/v1.0 -U <account:user> -K <key> stat`,
    )
  } else if (!process.env.ZEROLAB_USERS) {
    deps.log.info(
      `default user admin:admin with key admin (account AUTH_admin); set ZEROLAB_USERS="account:user:key,…" to change`,
    )
  } else {
    deps.log.info(`users: ${users.map((u) => `${u.account}:${u.user}`).join(', ')}`)
  }
  const key = process.env.ZEROLAB_USERS ? '<key>' : 'admin'
  if (!deps.cluster)
    deps.log.info(
      `try: swift -A ${url}/auth/v1.0 -U ${users[0]?.account}:${users[0]?.user} -K ${key} stat`,
    )
  const running: Running = {
    url,
    deps,
    server,
    close: () =>
      new Promise<void>((ok) => {
        server.close(() => void deps.close().then(ok))
      }),
  }
  onSignals(running)
  return running
}

let signalled: Running | undefined
/** Ctrl-C / SIGTERM: stop listening and close the database (checkpointing the WAL). */
function onSignals(r: Running): void {
  const first = signalled === undefined
  signalled = r
  if (!first) return
  for (const sig of ['SIGINT', 'SIGTERM'] as const) {
    process.once(sig, () => {
      const cur = signalled
      if (!cur) process.exit(0)
      cur.deps.log.info(`${sig}: shutting down`)
      setTimeout(() => process.exit(0), 2000).unref()
      void cur.close().finally(() => process.exit(0))
    })
  }
}

// Run directly: `node --import tsx apps/server/src/serve.ts --port 0`
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  serveCommand(process.argv.slice(2)).catch((e: unknown) => {
    console.error(e instanceof Error ? e.message : String(e))
    process.exit(1)
  })
}
