import { spawnSync } from 'node:child_process'
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'

const repo = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..')
const dir = mkdtempSync(join(tmpdir(), 'zerolab-cli-'))
const store = join(dir, 'store')
afterAll(() => rmSync(dir, { recursive: true, force: true }))

function zerolab(...args: string[]) {
  const r = spawnSync(
    process.execPath,
    ['--import', 'tsx', 'apps/server/src/cli/main.ts', ...args],
    {
      cwd: repo,
      encoding: 'utf8',
      // The first C job loads clang (seconds; far more on a loaded machine).
      timeout: 600_000,
      env: { ...process.env, ZEROLAB_CACHE_DIR: join(dir, 'cache') },
    },
  )
  return { code: r.status, stdout: r.stdout, stderr: r.stderr }
}

describe('zerolab CLI', { timeout: 600_000 }, () => {
  it('seeds, runs the C example (compiled, modules cached) with --json, exit 0', () => {
    expect(zerolab('seed', '--store', store).code).toBe(0)
    const r = zerolab('run', 'examples/wordcount-c/job.json', '--store', store, '--json')
    expect(r.code, r.stderr).toBe(0)
    const report = JSON.parse(r.stdout) as {
      status: string
      instances: { name: string }[]
      body: string
    }
    expect(report.status).toBe('ok')
    expect(report.instances.map((i) => i.name)).toContain('reduce')
    expect(report.body).toMatch(/^\s+\d+ total$/m)
    expect(
      readdirSync(join(dir, 'cache', 'modules')).filter((f) => f.endsWith('.wasm')),
    ).toHaveLength(2)
  })

  it('prints the body and a results table; exit 1 when an instance fails', () => {
    const job = join(dir, 'fail.json')
    writeFileSync(
      job,
      JSON.stringify([
        {
          name: 'w',
          count: 2,
          exec: {
            source: "console.log('hi', zerolab.name); if (zerolab.name === 'w-2') zerolab.exit(4)",
          },
          devices: [{ name: 'stdout' }],
        },
      ]),
    )
    const r = zerolab('run', job, '--store', store)
    expect(r.code).toBe(1)
    // ZeroCloud's body: the path-less stdout of every instance that ran, the failed one too
    expect(r.stdout).toBe('hi w-1\nhi w-2\n')
    expect(r.stderr).toMatch(/^w-2 +error +4 /m)
    expect(r.stderr).toContain('job failed: 2 instances (1 ok, 1 error)')
  })

  it('rejects a bad job naming the JSON path, exit 2', () => {
    const job = join(dir, 'bad.json')
    writeFileSync(
      job,
      JSON.stringify({
        version: 1,
        groups: [{ name: 'a', exec: { source: '' }, connect: ['reduce'] }],
      }),
    )
    const r = zerolab('run', job, '--store', store, '--json')
    expect(r.code).toBe(2)
    expect(r.stderr).toContain('groups[0].connect[0]: unknown group "reduce"')
    expect(r.stdout).toBe('')
    expect(zerolab('run', '--store', store).code).toBe(2)
    expect(zerolab('help').stdout).toContain('zerolab run <job.json> --store <dir>')
  })
})
