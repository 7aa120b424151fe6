/**
 * `pnpm cluster up|down|status [--dir <state dir>]`: a three-host OpenStack Swift cluster on
 * 127.0.0.2–4 with a ZeroLab node beside each storage host and the gateway in front.
 */
import { resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { daemonPid } from './daemons.ts'
import { clusterUp } from './cluster.ts'
import { clusterDown, daemonDirs, readCluster } from './loopback.ts'

const USAGE = `usage: pnpm cluster <up|down|status> [--dir <state dir>]
  up      install Debian's Swift if missing, start the cluster (replacing one left in --dir)
  down    stop everything started under --dir and remove it
  status  what runs where, and whether each process is alive
  --dir defaults to $ZEROLAB_CLUSTER_DIR, else ./.cluster
`

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: { dir: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    allowPositionals: true,
  })
  const dir = resolve(values.dir ?? process.env.ZEROLAB_CLUSTER_DIR ?? '.cluster')
  const cmd = positionals[0]
  if (values.help || !cmd) {
    process.stdout.write(USAGE)
    return values.help ? 0 : 2
  }
  const log = (s: string): void => void process.stderr.write(`cluster: ${s}\n`)
  switch (cmd) {
    case 'up': {
      const t0 = Date.now()
      const info = await clusterUp({ stateDir: dir, log })
      log(`up in ${((Date.now() - t0) / 1000).toFixed(1)} s (state in ${dir})`)
      const u = info.users[0]!
      const z = info.zerolab!
      process.stdout.write(
        `gateway       ${z.gatewayUrl}   (object API, ZeroCloud execute, /api, playground)\n` +
          z.nodes.map((n) => `${n.name.padEnd(14)}${n.url}\n`).join('') +
          `Swift proxy   ${info.proxyUrl}\n` +
          `try           swift -A ${z.gatewayUrl}/auth/v1.0 -U ${u.account}:${u.user} -K ${u.key} stat\n` +
          `stop          pnpm cluster down${values.dir ? ` --dir ${values.dir}` : ''}\n`,
      )
      return 0
    }
    case 'down':
      await clusterDown(dir)
      log(`stopped and removed ${dir}`)
      return 0
    case 'status': {
      const info = readCluster(dir)
      if (!info) {
        process.stdout.write(`no cluster in ${dir}\n`)
        return 1
      }
      const dirs = daemonDirs(dir)
      const names = [
        'memcached',
        'proxy',
        ...info.hosts.flatMap((_, i) =>
          ['account', 'container', 'object'].map((k) => `host${i + 1}-${k}`),
        ),
        ...(info.zerolab ? [...info.zerolab.nodes.map((n) => n.name), 'gateway'] : []),
      ]
      let down = 0
      for (const n of names) {
        const pid = daemonPid(dirs, n)
        if (pid === undefined) down++
        process.stdout.write(`${n.padEnd(18)} ${pid === undefined ? 'down' : `pid ${pid}`}\n`)
      }
      process.stdout.write(`proxy ${info.proxyUrl}\n`)
      if (info.zerolab) process.stdout.write(`gateway ${info.zerolab.gatewayUrl}\n`)
      return down ? 1 : 0
    }
    default:
      process.stderr.write(`cluster: unknown command "${cmd}"\n${USAGE}`)
      return 2
  }
}

main(process.argv.slice(2)).then(
  (code) => (process.exitCode = code),
  (e: unknown) => {
    process.stderr.write(`cluster: ${e instanceof Error ? e.message : String(e)}\n`)
    process.exitCode = 1
  },
)
