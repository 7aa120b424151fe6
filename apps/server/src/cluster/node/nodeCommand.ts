import { serve, type ServerType } from '@hono/node-server'
import { ZeroLabError } from '@zerolab/shared'
import { createNodePool } from '@zerolab/runtime/node'
import { parseArgs } from 'node:util'
import { consoleLogger } from '../../log.ts'
import { NodeJobs } from './nodeJobs.ts'
import { createNodeApp } from './nodeApp.ts'

export interface RunningNode {
  url: string
  server: ServerType
  close(): Promise<void>
}

export const NODE_HELP = `zerolab node --swift <proxy url> [--host 127.0.0.1] [--port 0] [--name <name>]
             [--storage-ip <ip>]… [--workers <n>] [--tmp <dir>]
      A ZeroLab node beside a Swift storage host: runs the instances the gateway sends it,
      reading objects from the object server on this host when it holds a replica
      (--storage-ip: this host's object-server addresses, default --host). The cluster key
      shared with the gateway comes from ZEROLAB_CLUSTER_KEY.
`

function requiredKey(): string {
  const key = process.env.ZEROLAB_CLUSTER_KEY
  if (!key || key.length < 16)
    throw new ZeroLabError(
      'INVALID_REQUEST',
      'ZEROLAB_CLUSTER_KEY must hold the secret shared with the gateway (16 characters or more)',
      'ZEROLAB_CLUSTER_KEY',
    )
  return key
}

/** `zerolab node …`: starts a node and resolves once it listens. */
export async function nodeCommand(argv: string[]): Promise<RunningNode> {
  const { values } = parseArgs({
    args: argv,
    options: {
      swift: { type: 'string' },
      host: { type: 'string', default: '127.0.0.1' },
      port: { type: 'string', default: '0' },
      name: { type: 'string' },
      'storage-ip': { type: 'string', multiple: true },
      workers: { type: 'string', default: process.env.ZEROLAB_WORKERS ?? '2' },
      tmp: { type: 'string' },
    },
    strict: true,
  })
  if (!values.swift)
    throw new ZeroLabError('INVALID_REQUEST', '--swift <proxy url> is required', '--swift')
  const port = Number(values.port)
  const workers = Number(values.workers)
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new ZeroLabError('INVALID_REQUEST', `bad --port ${values.port}`, '--port')
  if (!Number.isInteger(workers) || workers < 1 || workers > 256)
    throw new ZeroLabError('INVALID_REQUEST', `bad --workers ${values.workers}`, '--workers')
  const clusterKey = requiredKey()
  const pool = createNodePool({ size: workers })
  const jobs = new NodeJobs(values.swift)
  const host = values.host
  const env = {
    name: values.name ?? host,
    localIps: new Set(values['storage-ip'] ?? [host]),
    executor: pool,
    jobs,
    clusterKey,
    slots: workers,
    ...(values.tmp ? { tmpDir: values.tmp } : {}),
  }
  const app = createNodeApp(env)
  const server = await new Promise<ServerType>((ok, fail) => {
    const s = serve({ fetch: app.fetch, port, hostname: host }, () => ok(s))
    s.once('error', fail)
  })
  const addr = server.address()
  const url = `http://${host}:${typeof addr === 'object' && addr ? addr.port : port}`
  consoleLogger.info(
    `ZeroLab node ${env.name} on ${url} (Swift ${values.swift}, ${workers} workers, storage ${[...env.localIps].join(', ')})`,
  )
  const close = async (): Promise<void> => {
    await new Promise<void>((ok) => server.close(() => ok()))
    await jobs.close()
    pool.close()
  }
  for (const sig of ['SIGINT', 'SIGTERM'] as const)
    process.once(sig, () => {
      setTimeout(() => process.exit(0), 2000).unref()
      void close().finally(() => process.exit(0))
    })
  return { url, server, close }
}
