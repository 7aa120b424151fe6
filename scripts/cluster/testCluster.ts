/**
 * One loopback Swift cluster shared by every test file of a vitest run that asks for it:
 * started by the first caller of `sharedSwift()` (a lock file keeps parallel test workers
 * from starting two), stopped by the global teardown (vitest.globalSetup.ts). A run that
 * never asks starts nothing.
 */
import { closeSync, existsSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { inject } from 'vitest'
import { daemonDirs, readCluster, swiftUp, type ClusterInfo } from './loopback.ts'
import { daemonPid } from './daemons.ts'

declare module 'vitest' {
  export interface ProvidedContext {
    /** State directory of this run's shared Swift cluster (see scripts/cluster/testCluster.ts). */
    swiftClusterDir: string
  }
}

const alive = (pid: number): boolean => existsSync(`/proc/${pid}`)

async function withLock<T>(file: string, fn: () => Promise<T>): Promise<T> {
  for (;;) {
    try {
      closeSync(openSync(file, 'wx'))
      writeFileSync(file, String(process.pid))
      break
    } catch {
      const holder = Number(readFileSync(file, 'utf8') || 0)
      if (holder && !alive(holder)) rmSync(file, { force: true })
      else await new Promise((ok) => setTimeout(ok, 250))
    }
  }
  try {
    return await fn()
  } finally {
    rmSync(file, { force: true })
  }
}

function running(dir: string): ClusterInfo | undefined {
  const info = readCluster(dir)
  if (!info) return undefined
  const dirs = daemonDirs(dir)
  const names = [
    'proxy',
    'memcached',
    ...info.hosts.flatMap((_, i) =>
      ['account', 'container', 'object'].map((k) => `host${i + 1}-${k}`),
    ),
  ]
  return names.every((n) => daemonPid(dirs, n) !== undefined) ? info : undefined
}

let mine: Promise<ClusterInfo> | undefined

/** This run's Swift cluster (127.0.0.2–4, 2 replicas, tempauth admin:admin/admin). */
export function sharedSwift(): Promise<ClusterInfo> {
  const dir = inject('swiftClusterDir')
  mine ??= withLock(`${dir}.lock`, async () => running(dir) ?? (await swiftUp({ stateDir: dir })))
  return mine
}
