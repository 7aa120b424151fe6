import { execFile, spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { daemonPid } from './daemons.ts'
import { clusterDown, daemonDirs, DEFAULT_IPS, swiftUp, type ClusterInfo } from './loopback.ts'

const run = promisify(execFile)
const stateDir = join(tmpdir(), `zerolab-loopback-test-${process.pid}`)
let info: ClusterInfo

/** The real OpenStack client against the cluster's proxy, as admin:admin. */
async function swift(...args: string[]): Promise<string> {
  const { stdout } = await run('swift', args, {
    env: {
      ...process.env,
      ST_AUTH: `${info.proxyUrl}/auth/v1.0`,
      ST_USER: 'admin:admin',
      ST_KEY: 'admin',
    },
  })
  return stdout
}

describe('loopback Swift cluster', () => {
  let ghost: number
  beforeAll(async () => {
    // What a crashed run leaves: a pid file of a process that is gone (its pid may be reused
    // by now: the recorded start time must keep `up` from signalling the new owner) and files.
    const p = spawnSync('true')
    ghost = p.pid!
    mkdirSync(join(stateDir, 'run'), { recursive: true })
    writeFileSync(join(stateDir, 'run', 'proxy.pid'), `${ghost} 1\n`)
    writeFileSync(join(stateDir, 'cluster.json'), '{"stale": true}')
    info = await swiftUp({ stateDir })
  })
  afterAll(async () => {
    await clusterDown(stateDir)
  })

  it('serves the real swift client through the tempauth proxy', async () => {
    const file = join(stateDir, 'hello.txt')
    writeFileSync(file, 'hello cluster\n')
    await swift('upload', 'c1', file, '--object-name', 'hello.txt')
    expect((await swift('list', 'c1')).trim()).toBe('hello.txt')
    expect(await swift('download', 'c1', 'hello.txt', '-o', '-')).toBe('hello cluster\n')
    expect(await swift('stat')).toMatch(/Account: AUTH_admin/)
  })

  it('places 2 replicas on different hosts, listed by list_endpoints and readable there', async () => {
    const r = await fetch(`${info.proxyUrl}/endpoints/v2/AUTH_admin/c1/hello.txt`)
    expect(r.status).toBe(200)
    const body = (await r.json()) as { endpoints: string[]; headers: Record<string, string> }
    expect(body.endpoints).toHaveLength(2)
    const hosts = body.endpoints.map((e) => new URL(e).hostname)
    expect(new Set(hosts).size).toBe(2)
    for (const h of hosts) expect(DEFAULT_IPS).toContain(h)
    for (const e of body.endpoints) {
      const got = await fetch(e, { headers: body.headers })
      expect(got.status).toBe(200)
      expect(await got.text()).toBe('hello cluster\n')
    }
  })

  it('records every daemon and stops them all on down, leaving nothing behind', async () => {
    const dirs = daemonDirs(stateDir)
    const names = readdirSync(dirs.run).map((f) => f.replace(/\.pid$/, ''))
    expect(names.sort()).toEqual(
      [
        'memcached',
        'proxy',
        ...[1, 2, 3].flatMap((i) => ['account', 'container', 'object'].map((k) => `host${i}-${k}`)),
      ].sort(),
    )
    const pids = names.map((n) => daemonPid(dirs, n))
    expect(pids.every((p) => p !== undefined && p !== ghost)).toBe(true)
    expect(JSON.parse(readFileSync(join(stateDir, 'cluster.json'), 'utf8'))).toMatchObject({
      proxyUrl: info.proxyUrl,
    })
    await clusterDown(stateDir)
    expect(existsSync(stateDir)).toBe(false)
    for (const pid of pids) expect(existsSync(`/proc/${pid}`)).toBe(false)
  })
})
