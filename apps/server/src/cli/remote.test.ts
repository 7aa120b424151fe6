import { execFile } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { listen, openHarness, type Harness } from '../../test/harness.ts'
import { main } from './main.ts'

const repo = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..')
const run = promisify(execFile)

let h: Harness
let server: { url: string; close(): Promise<void> }
let dir: string
let env: Record<string, string | undefined>

beforeAll(async () => {
  h = await openHarness({ exec: { poolSize: 2 } })
  server = await listen(h.app)
  dir = mkdtempSync(join(tmpdir(), 'zerolab-remote-'))
  env = { HOME: dir, ZEROLAB_CONFIG: join(dir, 'cfg', 'config.json') }
})
afterAll(async () => {
  await server?.close()
  await h?.close()
  rmSync(dir, { recursive: true, force: true })
})

/** Runs the CLI in-process; stdout as bytes and text, stderr as text. */
async function zerolab(args: string[], o: { env?: Record<string, string>; tty?: boolean } = {}) {
  const out: Buffer[] = []
  let err = ''
  const code = await main(args, {
    out: { write: (c) => out.push(Buffer.from(c)) },
    err: { write: (c) => (err += typeof c === 'string' ? c : Buffer.from(c).toString()) },
    env: { ...env, ...o.env },
    tty: o.tty ?? false,
  })
  const bytes = Buffer.concat(out)
  return { code, bytes, stdout: bytes.toString('utf8'), stderr: err }
}

const local = (name: string, data: string | Uint8Array): string => {
  const f = join(dir, name)
  writeFileSync(f, data)
  return f
}

const TEXTS: Record<string, string> = {
  'a.txt': 'the quick brown fox\njumps over',
  'b.txt': 'the lazy dog ',
  'c.txt': '  one\n\ntwo  three four five\n',
}
const WORDS = Object.values(TEXTS).reduce((n, t) => n + t.split(/\s+/).filter(Boolean).length, 0)

describe('zerolab CLI against a server', () => {
  it('rejects bad input with a code before talking to anyone', async () => {
    const bad = await zerolab(['login', '--url', 'ftp://x', '--user', 'admin:admin', '--key', 'k'])
    expect(bad.code).toBe(2)
    expect(bad.stderr).toBe(
      'zerolab login: INVALID_REQUEST: bad URL "ftp://x": http or https only\n',
    )
    const notUrl = await zerolab(['login', '--url', 'nope', '--user', 'a:b', '--key', 'k'])
    expect(notUrl.stderr).toContain('bad URL "nope"')
    const noLogin = await zerolab(['list'])
    expect(noLogin.code).toBe(3)
    expect(noLogin.stderr).toMatch(/^zerolab list: UNAUTHORIZED: not logged in/)
    const missing = await zerolab(['upload', 'c', join(dir, 'no-such-file')])
    expect(missing.code).toBe(2)
    expect(missing.stderr).toMatch(
      /^zerolab upload: NOT_FOUND: cannot read .*no-such-file \(ENOENT\)\n$/,
    )
    const usage = await zerolab(['download', 'no-object'])
    expect(usage.code).toBe(2)
    const flag = await zerolab(['list', '--bogus'])
    expect(flag.code).toBe(2)
    expect(flag.stderr).toMatch(/^zerolab list: INVALID_REQUEST: Unknown option '--bogus'/)
    const down = await zerolab(['list'], {
      env: { ZEROLAB_URL: 'http://127.0.0.1:9', ZEROLAB_USER: 'a:b', ZEROLAB_KEY: 'k' },
    })
    expect(down.code).toBe(4)
    expect(down.stderr).toMatch(/^zerolab list: UNAVAILABLE: cannot reach http:\/\/127\.0\.0\.1:9/)
  })

  it('logs in: a wrong key is 401 (exit 3), the right one saves URL and token with mode 0600', async () => {
    const wrong = await zerolab([
      'login',
      '--url',
      server.url,
      '--user',
      'admin:admin',
      '--key',
      'x',
    ])
    expect(wrong.code).toBe(3)
    expect(wrong.stderr).toBe(
      'zerolab login: UNAUTHORIZED: login as admin:admin refused: wrong user or key\n',
    )
    const ok = await zerolab([
      'login',
      '--url',
      `${server.url}/`,
      '--user',
      'admin:admin',
      '--key',
      'admin',
    ])
    expect(ok.code, ok.stderr).toBe(0)
    const file = env.ZEROLAB_CONFIG!
    expect(statSync(file).mode & 0o777).toBe(0o600)
    const cfg = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>
    expect(cfg).toMatchObject({
      url: server.url,
      user: 'admin:admin',
      storageUrl: `${server.url}/v1/AUTH_admin`,
    })
    expect(cfg.token).toMatch(/\S{16,}/)
    expect(JSON.stringify(cfg)).not.toContain('"admin"') // the key is not kept
  })

  it('uploads, lists and downloads byte-identical', async () => {
    const files = Object.entries(TEXTS).map(([n, t]) => local(n, t))
    const up = await zerolab(['upload', 'wordcount-data', ...files])
    expect(up.code, up.stderr).toBe(0)
    expect(up.stdout).toBe('wordcount-data/a.txt\nwordcount-data/b.txt\nwordcount-data/c.txt\n')
    const blob = randomBytes(300_000)
    const named = await zerolab([
      'upload',
      'bin',
      local('blob', blob),
      '--name',
      'deep/er/blob.bin',
    ])
    expect(named.code, named.stderr).toBe(0)
    expect((await zerolab(['upload', 'bin', files[0]!, files[1]!, '--name', 'x'])).code).toBe(2)

    expect((await zerolab(['list'])).stdout).toBe('bin\nwordcount-data\n')
    expect((await zerolab(['list', 'wordcount-data'])).stdout).toBe('a.txt\nb.txt\nc.txt\n')
    expect((await zerolab(['list', 'wordcount-data', '--prefix', 'b'])).stdout).toBe('b.txt\n')
    const long = await zerolab(['list', 'bin', '--long'])
    expect(long.stdout).toMatch(
      /^\s+300000 {2}\d{4}-\d\d-\d\dT[\d:]+ {2}[0-9a-f]{32} {2}deep\/er\/blob\.bin\n$/,
    )
    const gone = await zerolab(['list', 'nothing-here'])
    expect(gone.code).toBe(1)
    expect(gone.stderr).toMatch(/^zerolab list: NOT_FOUND: list nothing-here: 404/)

    const target = join(dir, 'got.bin')
    const down = await zerolab(['download', 'bin/deep/er/blob.bin', '-o', target])
    expect(down.code, down.stderr).toBe(0)
    expect(readFileSync(target).equals(blob)).toBe(true)
    const piped = await zerolab(['download', 'wordcount-data/c.txt', '-o', '-'])
    expect(piped.stdout).toBe(TEXTS['c.txt'])
    expect((await zerolab(['download', 'bin/nope', '-o', target])).code).toBe(1)
  })

  it('executes examples/wordcount: the reducer output on stdout, the X-Nexe summary on stderr', async () => {
    const r = await zerolab(['execute', join(repo, 'examples/wordcount/job.json')])
    expect(r.code, r.stderr).toBe(0)
    expect(r.stdout).toBe(
      [
        `         6 wordcount-data/a.txt`,
        `         3 wordcount-data/b.txt`,
        `         5 wordcount-data/c.txt`,
        `${String(WORDS).padStart(10)} total`,
        '',
      ].join('\n'),
    )
    const lines = r.stderr.split('\n')
    expect(lines[0]).toMatch(
      /^instance\s+status\s+retcode\s+valid\s+time s\s+sys s\s+user s\s+reads/,
    )
    expect(lines.slice(2, 6).map((l) => l.split(/\s+/).slice(0, 4))).toEqual([
      ['map-1', 'ok', '0', '0'],
      ['map-2', 'ok', '0', '0'],
      ['map-3', 'ok', '0', '0'],
      ['reduce', 'ok', '0', '0'],
    ])
    expect(r.stderr).toMatch(/4 instances, 4 ok, 0 failed; total \d+\.\d{3} s; job j\S+/)
  })

  it('execute exits 1 when an instance fails, with its stdout in the body and its error listed', async () => {
    const job = local(
      'fail.json',
      JSON.stringify([
        { name: 'fine', exec: { source: `console.log('fine')` }, devices: [{ name: 'stdout' }] },
        {
          name: 'bad',
          exec: { source: `console.log('partial'); zerolab.exit(3)` },
          devices: [{ name: 'stdout' }],
        },
      ]),
    )
    const r = await zerolab(['execute', job])
    expect(r.code).toBe(1)
    expect(r.stdout).toBe('fine\npartial\n')
    expect(r.stderr).toMatch(/\nbad\s+ok\s+3\s+0\s.*bad return code\n/)
    expect(r.stderr).toContain('2 instances, 1 ok, 1 failed')
    const invalid = await zerolab(['execute', local('bad.json', '[{"name": "x"}]')])
    expect(invalid.code).toBe(2)
    expect(invalid.stderr).toMatch(
      /^zerolab execute: INVALID_JOB: execute .*bad\.json: 400 groups\[0\]\.exec/,
    )
    expect((await zerolab(['execute', local('nojson.json', '{')])).stderr).toMatch(
      /INVALID_JOB: .* is not JSON/,
    )
  })

  it('submits with --watch: progress, results table, then lists the job', async () => {
    const r = await zerolab(['submit', join(repo, 'examples/wordcount/job.json'), '--watch'], {
      tty: true,
    })
    expect(r.code, r.stderr).toBe(0)
    const id = r.stdout.trim()
    expect(id).toMatch(/^j\S+$/)
    expect(r.stderr).toContain(' 4/4 running 0 failed ')
    expect(r.stderr).toMatch(/\nreduce\s+ok\s+0\s/)
    expect(r.stderr).toContain('job ok: 4 instances (4 ok)')
    const jobs = await zerolab(['jobs'])
    expect(jobs.code).toBe(0)
    const rows = jobs.stdout.trim().split('\n')
    expect(rows[0]).toMatch(/^id\s+status\s+instances\s+origin\s+created\s+took s$/)
    expect(rows[1]).toMatch(new RegExp(`^${id}\\s+ok\\s+4\\s+api\\s+\\d{4}-`))
    expect(rows.some((l) => /\sexec\s/.test(l))).toBe(true) // the executes above
  })

  it('works as a process with ZEROLAB_URL / _USER / _KEY instead of a login', async () => {
    const { stdout } = await run(
      process.execPath,
      ['--import', 'tsx', 'apps/server/src/cli/main.ts', 'list', 'wordcount-data'],
      {
        cwd: repo,
        env: {
          ...process.env,
          ZEROLAB_CONFIG: join(dir, 'unused.json'),
          ZEROLAB_URL: server.url,
          ZEROLAB_USER: 'bob:bob',
          ZEROLAB_KEY: 'bob',
        },
      },
    ).catch((e: { code: number; stderr: string }) => ({ stdout: `exit ${e.code}: ${e.stderr}` }))
    // bob has no container of that name: Swift answers 404, so the CLI exits 1
    expect(stdout).toMatch(/^exit 1: zerolab list: NOT_FOUND: list wordcount-data: 404/)
  })
})
