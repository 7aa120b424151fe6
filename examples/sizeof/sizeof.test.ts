import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parseJob } from '@zerolab/shared'
import { getObject, MemoryStore, putObject, runJob } from '@zerolab/runtime'
import { createNodePool } from '@zerolab/runtime/node'
import { afterAll, describe, expect, it } from 'vitest'

const pool = createNodePool({ size: 1 })
afterAll(() => pool.close())

describe('zerocloud.md §8: the 2014 sizeof flow', () => {
  it('runs the job as written for ZeroCloud (file_list, device, args as one string), .wasm for .nexe', async () => {
    const store = new MemoryStore()
    await putObject(
      store,
      'AUTH_admin/zerovm/sizeof.wasm',
      new Uint8Array(readFileSync(join(import.meta.dirname, 'sizeof.wasm'))),
    )
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
})
