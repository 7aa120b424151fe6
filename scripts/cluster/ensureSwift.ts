import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'

/** Debian's OpenStack Swift, memcached and the `swift` client (what a loopback cluster runs). */
export const SWIFT_PACKAGES = [
  'swift',
  'swift-proxy',
  'swift-object',
  'swift-container',
  'swift-account',
  'memcached',
  'python3-swiftclient',
]

const BINARIES = [
  'swift-proxy-server',
  'swift-object-server',
  'swift-container-server',
  'swift-account-server',
  'memcached',
  'swift',
]

const onPath = (bin: string): boolean => spawnSync('which', [bin]).status === 0

/**
 * Installs the packages with apt-get when a binary is missing (root, or sudo), holding
 * /tmp/apt.lock so parallel installs wait for each other instead of failing on dpkg's lock.
 */
export function ensureSwiftInstalled(log: (s: string) => void): void {
  const missing = BINARIES.filter((b) => !onPath(b))
  if (missing.length) {
    log(`installing OpenStack Swift from Debian (missing: ${missing.join(', ')})`)
    const sudo = process.getuid?.() === 0 ? [] : ['sudo']
    const apt = (args: string[]): void => {
      const r = spawnSync('flock', ['/tmp/apt.lock', ...sudo, 'apt-get', ...args], {
        stdio: ['ignore', 'ignore', 'inherit'],
        env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
      })
      if (r.status !== 0) throw new Error(`apt-get ${args.join(' ')} failed (exit ${r.status})`)
    }
    try {
      apt(['install', '-y', '-qq', '--no-install-recommends', ...SWIFT_PACKAGES])
    } catch {
      apt(['update', '-qq'])
      apt(['install', '-y', '-qq', '--no-install-recommends', ...SWIFT_PACKAGES])
    }
    const still = BINARIES.filter((b) => !onPath(b))
    if (still.length) throw new Error(`still missing after apt-get: ${still.join(', ')}`)
  }
  ensureSwiftConf()
}

/**
 * Swift reads its hash prefix/suffix and storage policies from /etc/swift/swift.conf whatever
 * `swift_dir` says. Debian ships one; write the same minimal file when it is absent.
 */
function ensureSwiftConf(): void {
  const file = '/etc/swift/swift.conf'
  if (
    existsSync(file) &&
    /swift_hash_path_(suffix|prefix)\s*=\s*\S/.test(readFileSync(file, 'utf8'))
  )
    return
  mkdirSync('/etc/swift', { recursive: true })
  writeFileSync(
    file,
    '[swift-hash]\nswift_hash_path_suffix = zerolab\nswift_hash_path_prefix = zerolab\n\n' +
      '[storage-policy:0]\nname = Policy-0\ndefault = yes\n',
  )
}

/** Debian's python3 (the one with the swift package), not a pyenv or venv shim on PATH. */
export function systemPython(): string {
  return existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3'
}
