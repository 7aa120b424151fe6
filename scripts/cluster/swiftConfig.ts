/**
 * Configuration text for a small OpenStack Swift cluster (Debian's packages, Swift 2.30):
 * account, container and object servers per storage host on directory-backed devices, one
 * proxy with tempauth and list_endpoints, memcached. Pure functions: the launcher writes them.
 */

export interface StorageHost {
  /** Address the host's servers bind (127.0.0.2 …). */
  ip: string
  /** Device directory name under `devices` (d1, d2 …). */
  device: string
  /** Directory holding the device directory (Swift's `devices`). */
  devices: string
  ports: { object: number; container: number; account: number }
}

export interface SwiftUser {
  account: string
  user: string
  key: string
}

export type ServerKind = 'object' | 'container' | 'account'
export const SERVER_KINDS: readonly ServerKind[] = ['account', 'container', 'object']

const common = (o: { ip: string; port: number; swiftDir: string; user: string }): string =>
  [
    '[DEFAULT]',
    `bind_ip = ${o.ip}`,
    `bind_port = ${o.port}`,
    // 0: serve from the one process, no forks (the machine is small; see the README).
    'workers = 0',
    `swift_dir = ${o.swiftDir}`,
    `user = ${o.user}`,
    'log_level = WARNING',
    // No syslog here: the launcher runs servers with --verbose and keeps their output.
    'log_address = /dev/null',
  ].join('\n')

/** `<kind>-server.conf` for one storage host. */
export function storageServerConf(
  kind: ServerKind,
  host: StorageHost,
  o: { swiftDir: string; user: string },
): string {
  return `${common({ ip: host.ip, port: host.ports[kind], swiftDir: o.swiftDir, user: o.user })}
devices = ${host.devices}
mount_check = false
disable_fallocate = true

[pipeline:main]
pipeline = healthcheck ${kind}-server

[app:${kind}-server]
use = egg:swift#${kind}

[filter:healthcheck]
use = egg:swift#healthcheck
`
}

/** tempauth's `user_<account>_<user> = <key> .admin` lines (owners of their accounts). */
export function tempauthUsers(users: readonly SwiftUser[]): string {
  return users
    .map(
      (u) =>
        `user_${u.account}_${u.user} = ${u.key} .admin${u.account === 'admin' ? ' .reseller_admin' : ''}`,
    )
    .join('\n')
}

/** The proxy: tempauth (reseller prefix AUTH_), list_endpoints, memcache, SLO/DLO for `swift upload --segment-size`. */
export function proxyServerConf(o: {
  ip: string
  port: number
  swiftDir: string
  user: string
  memcache: string
  users: readonly SwiftUser[]
}): string {
  const pipeline = [
    'catch_errors',
    'gatekeeper',
    'healthcheck',
    'proxy-logging',
    'cache',
    'listing_formats',
    'list-endpoints',
    'bulk',
    'tempurl',
    'tempauth',
    'copy',
    'slo',
    'dlo',
    'versioned_writes',
    'symlink',
    'proxy-logging',
    'proxy-server',
  ]
  // pipeline name → egg entry point, for the filters configured with defaults only
  const filters: Record<string, string> = {
    catch_errors: 'catch_errors',
    gatekeeper: 'gatekeeper',
    healthcheck: 'healthcheck',
    'proxy-logging': 'proxy_logging',
    listing_formats: 'listing_formats',
    bulk: 'bulk',
    tempurl: 'tempurl',
    copy: 'copy',
    slo: 'slo',
    dlo: 'dlo',
    versioned_writes: 'versioned_writes',
    symlink: 'symlink',
  }
  return `${common(o)}

[pipeline:main]
pipeline = ${pipeline.join(' ')}

[app:proxy-server]
use = egg:swift#proxy
account_autocreate = true
allow_account_management = true

[filter:tempauth]
use = egg:swift#tempauth
${tempauthUsers(o.users)}

[filter:cache]
use = egg:swift#memcache
memcache_servers = ${o.memcache}

[filter:list-endpoints]
use = egg:swift#list_endpoints

${Object.entries(filters)
  .map(([name, egg]) => `[filter:${name}]\nuse = egg:swift#${egg}\n`)
  .join('\n')}`
}

/**
 * A Python program (run by Debian's python3, which has the swift package) that writes the
 * account, container and object rings over `hosts`: each host its own zone, so the
 * `replicas` copies of a partition land on different hosts. One process for all three rings:
 * `swift-ring-builder` costs a Python start-up per step.
 */
export function ringBuilderScript(o: {
  swiftDir: string
  hosts: readonly StorageHost[]
  partPower: number
  replicas: number
}): string {
  const devs = (kind: ServerKind): string =>
    JSON.stringify(
      o.hosts.map((h, i) => ({
        id: i,
        region: 1,
        zone: i + 1,
        ip: h.ip,
        port: h.ports[kind],
        device: h.device,
        weight: 100,
        meta: '',
      })),
    )
  return `import json, os
from swift.common.ring import RingBuilder
d = ${JSON.stringify(o.swiftDir)}
for kind, devs in (${SERVER_KINDS.map((k) => `(${JSON.stringify(k)}, json.loads(${JSON.stringify(devs(k))}))`).join(', ')}):
    b = RingBuilder(${o.partPower}, ${o.replicas}, 0)
    for dev in devs:
        b.add_dev(dev)
    b.rebalance(seed=1)
    b.save(os.path.join(d, kind + '.builder'))
    b.get_ring().save(os.path.join(d, kind + '.ring.gz'))
`
}
