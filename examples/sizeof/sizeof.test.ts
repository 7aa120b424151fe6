import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parseJob } from '@zerolab/shared'
import { getObject, MemoryStore, putObject, runJob } from '@zerolab/runtime'
import { createNodePool } from '@zerolab/runtime/node'
import { createNodeCompiler } from '@zerolab/cc/node'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

const pool = createNodePool({ size: 1 })
const compiler = createNodeCompiler()
afterAll(async () => {
  compiler.close()
  await pool.close()
})

/** sizeof.c as the playground compiles it: the .wasm a 2014 user would have uploaded as .nexe. */
async function sizeofWasm(): Promise<Uint8Array> {
  const source = readFileSync(join(import.meta.dirname, 'sizeof.c'), 'utf8')
  const r = await compiler.compile({ lang: 'c', source })
  if (!r.ok) throw new Error(r.log)
  return r.wasm
}

describe('zerocloud.md §8: the 2014 sizeof flow', { timeout: 600_000 }, () => {
  it('runs the job as written for ZeroCloud (file_list, device, args as one string), .wasm for .nexe', async () => {
    const store = new MemoryStore()
    await putObject(store, 'AUTH_admin/zerovm/sizeof.wasm', await sizeofWasm())
    await putObject(store, 'AUTH_admin/zerovm/input.bin', new Uint8Array(3_000_000).fill(7))
    const job = JSON.parse(
      `[{"name":"sizeof","exec":{"path":"swift://AUTH_admin/zerovm/sizeof.wasm","args":"1048576"},
        "file_list":[{"device":"stdin","path":"swift://AUTH_admin/zerovm/input.bin"},
                     {"device":"stdout","path":"swift://AUTH_admin/zerovm/output.txt"},{"device":"stderr"}]}]`,
    ) as unknown
    const { report, body } = await runJob(parseJob(job), {
      store,
      executor: pool,
      account: 'AUTH_admin',
    })
    const i = report.instances[0]!
    expect([i.name, i.status, i.exitCode, i.validation]).toEqual(['sizeof', 'ok', 0, 0])
    expect(i.etags['/dev/stderr']).toBe('d41d8cd98f00b204e9800998ecf8427e')
    expect(body).toHaveLength(0) // stdout went to an object, so the body is empty
    const out = await getObject(store, 'AUTH_admin/zerovm/output.txt')
    expect(new TextDecoder().decode(out!.data)).toBe('3000000\n')
    expect(i.cdr.split(' ')).toHaveLength(10)
  })

  describe('spelled with the system image file://python:python', () => {
    // python.wasm: built once (10-15 min on a fresh machine), then cached.
    beforeAll(() => {
      const build = join(import.meta.dirname, '../../scripts/python-wasm/build.sh')
      execFileSync('bash', [build], { stdio: ['ignore', 'inherit', 'inherit'] })
    }, 3_600_000)

    it("runs a -c program passed in args with ZeroCloud's \\x20 escapes", async () => {
      const store = new MemoryStore()
      await putObject(store, 'AUTH_admin/zerovm/input.bin', new Uint8Array(3_000_000).fill(7))
      const job = JSON.parse(String.raw`[{"name":"sizeof",
        "exec":{"path":"file://python:python",
                "args":"-c import\\x20sys;print(sum(map(len,iter(lambda:sys.stdin.buffer.read(1048576),b''))))"},
        "file_list":[{"device":"python"},
                     {"device":"stdin","path":"swift://AUTH_admin/zerovm/input.bin"},
                     {"device":"stdout","path":"swift://AUTH_admin/zerovm/output.txt"},{"device":"stderr"}]}]`) as unknown
      const { report, body } = await runJob(parseJob(job), {
        store,
        executor: pool,
        account: 'AUTH_admin',
      })
      const i = report.instances[0]!
      expect([i.name, i.status, i.exitCode, i.validation], i.message).toEqual([
        'sizeof',
        'ok',
        0,
        0,
      ])
      expect(i.etags['/dev/stderr']).toBe('d41d8cd98f00b204e9800998ecf8427e')
      expect(body).toHaveLength(0)
      const out = await getObject(store, 'AUTH_admin/zerovm/output.txt')
      expect(new TextDecoder().decode(out!.data)).toBe('3000000\n')
      expect(report.warnings ?? []).toEqual([])
    })

    it('needs the python device, as ZeroCloud did', async () => {
      const job = parseJob([
        {
          name: 'p',
          exec: { path: 'file://python:python', args: '-c pass' },
          devices: [{ name: 'stdout' }],
        },
      ])
      await expect(
        runJob(job, { store: new MemoryStore(), executor: pool, account: 'a' }),
      ).rejects.toThrow(/needs the device \{"name": "python"\}/)
    })
  })
})
