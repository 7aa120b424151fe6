/**
 * Runs OpenStack Swift's own functional test suite (test/functional of openstack/swift at
 * tag 2.30.1, with Debian's python3-swift library and python3-pytest) against `zerolab serve`
 * and, side by side, against a one-node real Swift from Debian's packages with the same users.
 * Prints passed/failed/skipped per file and writes bench/results/swift-functional.json.
 *
 *   bash scripts/swift-functional.sh [--target zerolab|swift|both] [--files a.py,b.py]
 *                                    [-k <pytest expr>] [--swift-src <openstack/swift checkout>]
 *
 * Nothing fetched is ever copied into this repository: the suite is copied into a temp dir.
 * Not part of CI (it needs the openstack/swift sources, which CI cannot fetch).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs'
import { homedir, tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { freePort, startRealSwift, waitHttp, type SwiftUser } from '../bench/lib/realSwift.ts'
import { printTable, writeResult } from '../bench/lib/report.ts'

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..')
const TAG = '2.30.1'
const FILES = [
  'tests.py',
  'test_account.py',
  'test_container.py',
  'test_object.py',
  'test_dlo.py',
  'test_slo.py',
  'test_tempurl.py',
  'test_versioned_writes.py',
  'test_object_versioning.py',
  'test_symlink.py',
  'test_staticweb.py',
  'test_access_control.py',
  'test_domain_remap.py',
]
const CORE = ['tests.py', 'test_account.py', 'test_container.py', 'test_object.py']

/** The users of Swift's sample test.conf (SAIO), the same on both targets. */
const USERS: SwiftUser[] = [
  { account: 'admin', user: 'admin', key: 'admin', groups: ['.admin', '.reseller_admin'] },
  { account: 'test', user: 'tester', key: 'testing', groups: ['.admin'] },
  { account: 'test2', user: 'tester2', key: 'testing2', groups: ['.admin'] },
  { account: 'test', user: 'tester3', key: 'testing3', groups: [] },
]

const TEST_CONF = (authUri: string): string => `[func_test]
auth_uri = ${authUri}/auth/v1.0
account = test
username = tester
password = testing
account2 = test2
username2 = tester2
password2 = testing2
username3 = tester3
password3 = testing3
collate = C
`

type Outcome = 'passed' | 'failed' | 'skipped'

const { values: args } = parseArgs({
  options: {
    target: { type: 'string', default: 'both' },
    files: { type: 'string' },
    k: { type: 'string', short: 'k' },
    'swift-src': { type: 'string' },
    keep: { type: 'boolean', default: false },
  },
})

function sh(cmd: string, a: string[], cwd?: string): string {
  const r = spawnSync(cmd, a, { cwd, encoding: 'utf8' })
  if (r.status !== 0) throw new Error(`${cmd} ${a.join(' ')}: ${r.stderr || r.stdout}`)
  return r.stdout.trim()
}

/** A checkout of openstack/swift at TAG outside this repository. */
function swiftSource(): string {
  const given = args['swift-src'] ?? process.env.SWIFT_SRC
  const cache = join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'zerolab')
  const dir = given ?? join(cache, `openstack-swift-${TAG}`)
  if (!existsSync(join(dir, 'test', 'functional'))) {
    if (given) throw new Error(`${given} holds no test/functional (an openstack/swift checkout?)`)
    const mirror = '/work/.mirror/openstack+swift/repo'
    const from = existsSync(mirror) ? mirror : 'https://github.com/openstack/swift.git'
    mkdirSync(cache, { recursive: true })
    console.log(`cloning openstack/swift from ${from} into ${dir}`)
    sh('git', ['clone', '-q', from, dir])
  }
  if (existsSync(join(dir, '.git'))) {
    const at = spawnSync('git', ['describe', '--tags', '--exact-match'], {
      cwd: dir,
      encoding: 'utf8',
    })
    if (at.stdout.trim() !== TAG) sh('git', ['checkout', '-q', TAG], dir)
  }
  return dir
}

function ensurePythonDeps(): void {
  const ok = spawnSync('/usr/bin/python3', ['-c', 'import swift, pytest, mock, memcache'])
  if (ok.status === 0) return
  console.log('installing python3-swift python3-pytest python3-mock python3-memcache')
  const r = spawnSync(
    'apt-get',
    [
      'install',
      '-y',
      '--no-install-recommends',
      'python3-swift',
      'python3-pytest',
      'python3-mock',
      'python3-memcache',
    ],
    { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } },
  )
  if (r.status !== 0) throw new Error('apt-get install failed')
}

async function startZeroLab(dir: string): Promise<{ url: string; stop(): Promise<void> }> {
  const port = await freePort()
  const users = USERS.map(
    (u) => `${u.account}:${u.user}:${u.key} ${u.groups.length ? u.groups.join(' ') : '.member'}`,
  ).join(',')
  const p: ChildProcess = spawn(
    process.execPath,
    // Like the real Swift beside it: no server-wide cors_allow_origin (containers decide).
    [
      '--import',
      'tsx',
      join(ROOT, 'apps/server/src/serve.ts'),
      '--port',
      String(port),
      '--data',
      dir,
      '--cors-allow-origin',
      '',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ZEROLAB_USERS: users }, cwd: ROOT },
  )
  let log = ''
  const keep = (d: Buffer): void => {
    log = (log + d.toString()).slice(-20000)
  }
  p.stdout!.on('data', keep)
  p.stderr!.on('data', keep)
  const url = `http://127.0.0.1:${port}`
  await waitHttp(`${url}/info`)
  return {
    url,
    stop: () =>
      new Promise<void>((ok) => {
        if (p.exitCode !== null) return ok()
        p.once('exit', () => {
          writeFileSync(join(dir, '..', 'zerolab.log'), log)
          ok()
        })
        p.kill('SIGTERM')
      }),
  }
}

/** Per-test outcomes from a pytest junit XML file. */
function parseJunit(xml: string): Map<string, Outcome> {
  const out = new Map<string, Outcome>()
  const re = /<testcase classname="([^"]*)" name="([^"]*)"[^>]*?(\/>|>([\s\S]*?)<\/testcase>)/g
  for (const m of xml.matchAll(re)) {
    const body = m[4] ?? ''
    const o: Outcome = /<(failure|error)\b/.test(body)
      ? 'failed'
      : /<skipped\b/.test(body)
        ? 'skipped'
        : 'passed'
    out.set(`${m[1]}::${m[2]}`, o)
  }
  return out
}

async function runSuite(
  suite: string,
  url: string,
  files: string[],
  tag: string,
): Promise<Record<string, Map<string, Outcome>>> {
  const conf = join(suite, `test-${tag}.conf`)
  writeFileSync(conf, TEST_CONF(url))
  const out: Record<string, Map<string, Outcome>> = {}
  for (const f of files) {
    const xml = join(suite, `${tag}-${f}.xml`)
    const a = [
      '-m',
      'pytest',
      '-q',
      '-p',
      'no:cacheprovider',
      `test/functional/${f}`,
      `--junitxml=${xml}`,
    ]
    if (args.k) a.push('-k', args.k)
    const t0 = Date.now()
    await new Promise<void>((ok) => {
      const p = spawn('/usr/bin/python3', a, {
        cwd: suite,
        env: {
          ...process.env,
          SWIFT_TEST_CONFIG_FILE: conf,
          SWIFT_TEST_IN_PROCESS: '0',
          PYTHONPATH: suite,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      })
      let text = ''
      p.stdout!.on('data', (d: Buffer) => (text += d.toString()))
      p.stderr!.on('data', (d: Buffer) => (text += d.toString()))
      p.on('exit', () => {
        writeFileSync(join(suite, `${tag}-${f}.log`), text)
        ok()
      })
    })
    out[f] = existsSync(xml) ? parseJunit(readFileSync(xml, 'utf8')) : new Map()
    const c = count(out[f]!)
    console.log(
      `${tag} ${f}: ${c.passed} passed, ${c.failed} failed, ${c.skipped} skipped (${Math.round((Date.now() - t0) / 1000)} s)`,
    )
  }
  return out
}

const count = (m: Map<string, Outcome>): Record<Outcome, number> => {
  const c = { passed: 0, failed: 0, skipped: 0 }
  for (const o of m.values()) c[o]++
  return c
}

async function main(): Promise<void> {
  const target = args.target
  if (!['zerolab', 'swift', 'both'].includes(target)) throw new Error(`bad --target ${target}`)
  const files = args.files ? args.files.split(',') : FILES
  ensurePythonDeps()
  const src = swiftSource()
  const work = mkdtempSync(join(tmpdir(), 'zerolab-swift-functional-'))
  const suite = join(work, 'suite')
  // Only test/ is copied, so `import swift` is Debian's python3-swift, not the checkout's.
  cpSync(join(src, 'test'), join(suite, 'test'), { recursive: true })
  const results: Partial<Record<'swift' | 'zerolab', Results>> = {}
  try {
    if (target !== 'zerolab') {
      const sw = await startRealSwift({ dir: join(work, 'swift'), users: USERS, pipeline: 'full' })
      try {
        results.swift = await runSuite(suite, sw.url, files, 'swift')
        remember('swift', results.swift)
      } finally {
        await sw.stop()
      }
    }
    if (target !== 'swift') {
      const zl = await startZeroLab(join(work, 'zerolab', 'data'))
      try {
        results.zerolab = await runSuite(suite, zl.url, files, 'zerolab')
        remember('zerolab', results.zerolab)
      } finally {
        await zl.stop()
      }
    }
    // The target not run this time is compared from its last recorded run.
    results.swift ??= recall('swift')
    results.zerolab ??= recall('zerolab')
    report(files, results)
  } finally {
    if (args.keep) console.log(`kept ${work}`)
    else rmSync(work, { recursive: true, force: true })
  }
}

type Results = Record<string, Map<string, Outcome>>

const toJson = (r?: Results): Record<string, Record<string, Outcome>> | undefined =>
  r && Object.fromEntries(Object.entries(r).map(([f, m]) => [f, Object.fromEntries(m)]))

const RESULTS = join(ROOT, 'bench', 'results')
const targetFile = (t: string): string => join(RESULTS, `swift-functional-${t}.json`)

/** Keeps each target's outcomes so a later run of one target compares with the other's. */
function remember(t: string, r: Results): void {
  const old = existsSync(targetFile(t))
    ? (JSON.parse(readFileSync(targetFile(t), 'utf8')) as Record<string, Record<string, Outcome>>)
    : {}
  const merged = { ...old, ...toJson(r) }
  mkdirSync(RESULTS, { recursive: true })
  writeFileSync(targetFile(t), JSON.stringify(merged, null, 1))
}

function recall(t: string): Results | undefined {
  if (!existsSync(targetFile(t))) return undefined
  const j = JSON.parse(readFileSync(targetFile(t), 'utf8')) as Record<
    string,
    Record<string, Outcome>
  >
  return Object.fromEntries(Object.entries(j).map(([f, m]) => [f, new Map(Object.entries(m))]))
}

function report(files: string[], results: Partial<Record<'swift' | 'zerolab', Results>>): void {
  const rows = files.map((f) => {
    const row: Record<string, string | number> = { file: f }
    for (const t of ['swift', 'zerolab'] as const) {
      const m = results[t]?.[f]
      if (!m) continue
      const c = count(m)
      row[`${t} pass/fail/skip`] = `${c.passed}/${c.failed}/${c.skipped}`
    }
    const s = results.swift?.[f]
    const z = results.zerolab?.[f]
    if (s && z) {
      const want = [...s].filter(([, o]) => o === 'passed').map(([k]) => k)
      const got = want.filter((k) => z.get(k) === 'passed').length
      row['of swift passes'] = want.length
        ? `${got}/${want.length} (${((100 * got) / want.length).toFixed(1)}%)`
        : '-'
    }
    return row
  })
  printTable(rows)
  const s = results.swift
  const z = results.zerolab
  const regressions: Record<string, string[]> = {}
  if (s && z) {
    let want = 0
    let got = 0
    for (const f of files.filter((f) => CORE.includes(f))) {
      for (const [k, o] of s[f] ?? []) {
        if (o !== 'passed') continue
        want++
        if (z[f]?.get(k) === 'passed') got++
      }
    }
    if (want)
      console.log(
        `core (${CORE.join(', ')}): ${got}/${want} of real Swift's passes (${((100 * got) / want).toFixed(1)}%)`,
      )
    for (const f of files) {
      const miss = [...(s[f] ?? [])].filter(([k, o]) => o === 'passed' && z[f]?.get(k) !== 'passed')
      if (miss.length) regressions[f] = miss.map(([k]) => `${k} (${z[f]?.get(k) ?? 'absent'})`)
    }
    for (const [f, l] of Object.entries(regressions)) {
      console.log(`\n${f}: passes on Swift, not on ZeroLab:`)
      for (const t of l) console.log(`  ${t}`)
    }
  }
  writeResult('swift-functional', {
    tag: TAG,
    rows,
    regressions,
    swift: toJson(s),
    zerolab: toJson(z),
  })
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(e instanceof Error ? e.message : e)
    process.exit(1)
  },
)
