import { mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { JOB_CAPS, parseJob } from '@zerolab/shared'
import { MemoryStore, md5Hex, putObject, runJob } from '@zerolab/runtime'
import { createNodePool } from '@zerolab/runtime/node'
import { afterAll, describe, expect, it } from 'vitest'
import { MAPPER_C, SINK_CPP } from '../../test/stages.ts'
import { compileSource } from '../compileSource.ts'
import { CLANG_PACKAGE_VERSION } from '../flags.ts'
import { createNodeCompiler } from './createNodeCompiler.ts'

const dir = mkdtempSync(join(tmpdir(), 'zl-cc-'))
const compiler = createNodeCompiler({ cacheDir: join(dir, 'cache') })
const pool = createNodePool({ size: 2 })
afterAll(async () => {
  compiler.close()
  await pool.close()
  rmSync(dir, { recursive: true, force: true })
})

const HELLO = '#include <stdio.h>\nint main(void) {\n  puts("hello");\n  return 0;\n}\n'

describe('the compiler in a worker thread', { timeout: 300_000 }, () => {
  it('is the pinned @yowasp/clang release', async () => {
    const clang = (await import('@yowasp/clang')) as { version?: string }
    expect(clang.version).toBe(CLANG_PACKAGE_VERSION)
  })

  it('compiles C to a module, then answers from its caches', async () => {
    const first = await compiler.compile({ lang: 'c', source: HELLO })
    expect(first.ok).toBe(true)
    if (!first.ok) return
    expect(first.cached).toBe(false)
    expect(first.hash).toBe(md5Hex(first.wasm))
    expect(WebAssembly.validate(first.wasm as Uint8Array<ArrayBuffer>)).toBe(true)
    const again = await compiler.compile({ lang: 'c', source: HELLO })
    expect(again).toMatchObject({ ok: true, cached: true, hash: first.hash, key: first.key })
    expect(readdirSync(join(dir, 'cache'))).toEqual([`${first.key}.json`, `${first.key}.wasm`])
    // A second compiler over the same folder (a restarted server) finds it on disk.
    const other = createNodeCompiler({ cacheDir: join(dir, 'cache') })
    try {
      const fromDisk = await other.compile({ lang: 'c', source: HELLO })
      expect(fromDisk).toMatchObject({ ok: true, cached: true, hash: first.hash })
    } finally {
      other.close()
    }
  })

  it('gives the same module in the worker as in this thread (no clock, path or host in it)', async () => {
    const inWorker = await compiler.compile({ lang: 'c', source: `${HELLO}// again\n` })
    const here = await compileSource({ lang: 'c', source: `${HELLO}// again\n` })
    expect(inWorker.ok && here.ok).toBe(true)
    if (inWorker.ok && here.wasm) expect(md5Hex(here.wasm)).toBe(inWorker.hash)
  })

  it('reports errors at their line, with the compiler output', async () => {
    const r = await compiler.compile({
      lang: 'c',
      source:
        '#include <stdio.h>\n\nint main(void) {\n  printf("%d\\n", missing);\n  return 0;\n}\n',
    })
    expect(r.ok).toBe(false)
    expect(r.diagnostics).toEqual([
      { severity: 'error', line: 4, column: 18, message: "use of undeclared identifier 'missing'" },
    ])
    expect(r.log).toContain("stage.c:4:18: error: use of undeclared identifier 'missing'")
  })

  it('refuses a source over the cap before compiling', async () => {
    const big = `int main(void) { return 0; }\n//${'x'.repeat(JOB_CAPS.maxCompiledSourceBytes)}\n`
    await expect(compiler.compile({ lang: 'c', source: big })).rejects.toMatchObject({
      code: 'LIMIT_EXCEEDED',
      path: 'source',
    })
  })
})

describe('C and C++ stages in a job', { timeout: 600_000 }, () => {
  const job = parseJob({
    version: 1,
    groups: [
      {
        name: 'map',
        exec: { lang: 'c', source: MAPPER_C, env: { GREETING: 'hi' } },
        devices: [{ name: 'input', path: 'swift://~/data/*.txt' }],
        connect: ['sink'],
      },
      {
        name: 'sink',
        exec: { lang: 'cpp', source: SINK_CPP },
        devices: [{ name: 'stdout' }],
      },
    ],
  })

  it('runs every <zerolab.h> helper, compiled without a warning in C and in C++', async () => {
    const store = new MemoryStore()
    await putObject(store, 'me/data/a.txt', new TextEncoder().encode('one two  three\n'))
    await putObject(store, 'me/data/b.txt', new TextEncoder().encode('four\n'))
    const run = () =>
      runJob(job, { store, executor: pool, account: 'me', compile: compiler.compile })
    const { report, body } = await run()
    expect(report.instances.map((i) => [i.name, i.status, i.message ?? ''])).toEqual([
      ['map-1', 'ok', ''],
      ['map-2', 'ok', ''],
      ['sink', 'ok', ''],
    ])
    expect(new TextDecoder().decode(body)).toBe(
      [
        '2 peers, 0 downstream',
        'map-1: 3 data/a.txt map-1 hi',
        'map-2: 1 data/b.txt map-2 hi',
        '',
      ].join('\n'),
    )
    expect(report.programs!.map((p) => [p.group, p.image, p.compile?.lang, p.compile?.ok])).toEqual(
      [
        ['map', 'wasm', 'c', true],
        ['sink', 'wasm', 'cpp', true],
      ],
    )
    expect(report.programs!.flatMap((p) => p.compile!.diagnostics)).toEqual([])
    // A second run compiles nothing and gives the same modules and outputs.
    const again = await run()
    expect(again.report.programs!.map((p) => p.compile!.cached)).toEqual([true, true])
    expect(again.report.programs!.map((p) => p.hash)).toEqual(report.programs!.map((p) => p.hash))
    expect(again.report.instances.map((i) => i.etags)).toEqual(report.instances.map((i) => i.etags))
  })

  it('ends a stage that does not compile `invalid`, naming the line, without running it', async () => {
    const store = new MemoryStore()
    await putObject(store, 'me/data/a.txt', new TextEncoder().encode('x\n'))
    const broken = parseJob({
      version: 1,
      groups: [
        { ...job.groups[0]!, exec: { lang: 'c', source: 'int main(void) {\n  return nope;\n}\n' } },
        { name: 'sink', exec: { lang: 'cpp', source: SINK_CPP }, devices: [{ name: 'stdout' }] },
      ],
    })
    const { report } = await runJob(broken, {
      store,
      executor: pool,
      account: 'me',
      compile: compiler.compile,
    })
    const [map, sink] = report.instances
    expect(map).toMatchObject({
      status: 'invalid',
      validation: 1,
      message: "compile failed: line 2: use of undeclared identifier 'nope'",
    })
    expect(map!.stderr).toContain("stage.c:2:10: error: use of undeclared identifier 'nope'")
    // As in ZeroCloud, its reader still runs: it sees end-of-file from the stage that never ran.
    expect(sink).toMatchObject({ status: 'ok', validation: 0 })
    expect(report.programs![0]!.compile!.diagnostics[0]).toMatchObject({ line: 2, column: 10 })
  })

  it('rejects a C stage where no compiler is given', async () => {
    const store = new MemoryStore()
    await putObject(store, 'me/data/a.txt', new TextEncoder().encode('x\n'))
    await expect(runJob(job, { store, executor: pool, account: 'me' })).rejects.toMatchObject({
      code: 'UNSUPPORTED',
      path: 'groups[0].exec.lang',
    })
  })
})

describe('hostile sources', { timeout: 600_000 }, () => {
  // 2^31 tokens after preprocessing: the compiler's time and memory run away.
  const bomb = [
    '#define A0 x+x',
    ...Array.from({ length: 30 }, (_, i) => `#define A${i + 1} A${i}+A${i}`),
    'int x;',
    'int main(void) { return A30; }',
    '',
  ].join('\n')

  it('stop at the memory cap as a failed compile; the compiler keeps serving', async () => {
    const small = createNodeCompiler({ memoryBytes: 256 * 1024 * 1024 })
    try {
      const r = await small.compile({ lang: 'c', source: bomb })
      expect(r.ok).toBe(false)
      expect(r.log).toContain('out of memory')
      expect(r.diagnostics.at(-1)?.message).toMatch(/needs more memory or stack/)
      expect((await small.compile({ lang: 'c', source: HELLO })).ok).toBe(true)
    } finally {
      small.close()
    }
  })

  it('stop at the time limit as a failed compile; a new worker serves the next one', async () => {
    const quick = createNodeCompiler({ timeoutMs: 1500 })
    try {
      const r = await quick.compile({ lang: 'c', source: bomb })
      expect(r).toMatchObject({ ok: false, cached: false })
      expect(r.log).toMatch(/took longer than 1500 ms|out of memory/)
      // The replaced worker answers; on a loaded machine even hello may pass so short a limit.
      const next = await quick.compile({ lang: 'c', source: HELLO })
      expect(next.ok || next.log.includes('took longer than 1500 ms')).toBe(true)
    } finally {
      quick.close()
    }
  })

  it('are refused when too many compiles wait', async () => {
    const busy = createNodeCompiler({ maxQueued: 1 })
    try {
      const sources = [1, 2, 3].map((n) => `int main(void) { return ${n}; }\n`)
      const results = await Promise.allSettled(
        sources.map((source) => busy.compile({ lang: 'c', source })),
      )
      // One runs, one waits, one is refused: which one depends on whose source key (an async
      // hash) is ready first, not on the call order.
      const refused = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected')
      expect(refused).toHaveLength(1)
      expect(refused[0]!.reason).toMatchObject({ code: 'UNAVAILABLE' })
    } finally {
      busy.close()
    }
  })
})
