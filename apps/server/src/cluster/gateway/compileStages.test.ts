import { createNodeCompiler } from '@zerolab/cc/node'
import { md5Hex } from '@zerolab/runtime'
import { parseJob } from '@zerolab/shared'
import { afterAll, describe, expect, it } from 'vitest'
import { compileStages } from './compileStages.ts'

const compiler = createNodeCompiler()
afterAll(() => compiler.close())

describe('compileStages (cluster gateway)', { timeout: 600_000 }, () => {
  const signal = new AbortController().signal
  const job = (source: string) =>
    parseJob([
      { name: 'js', exec: { source: 'console.log(1)' } },
      { name: 'c', exec: { lang: 'c', source, args: 'x', env: { A: 'b' } } },
    ])

  it('hands nodes the compiled module inline, keeping args and env', async () => {
    const { job: out, programs } = await compileStages(
      job('int main(void) { return 0; }\n'),
      compiler.compile,
      signal,
    )
    expect(out.groups[0]).toEqual(job('').groups[0])
    const exec = out.groups[1]!.exec
    expect(exec).toMatchObject({ image: 'wasm', encoding: 'base64', args: ['x'], env: { A: 'b' } })
    expect(exec.lang).toBeUndefined()
    const wasm = new Uint8Array(Buffer.from(exec.source!, 'base64'))
    expect(programs.get(1)).toMatchObject({ group: 'c', image: 'wasm', hash: md5Hex(wasm) })
    expect(programs.get(1)?.compile?.ok).toBe(true)
    expect(programs.has(0)).toBe(false)
  })

  it('fails the job on a stage that does not compile, naming the line', async () => {
    await expect(
      compileStages(job('int main(void) {\n  return oops;\n}\n'), compiler.compile, signal),
    ).rejects.toMatchObject({
      code: 'COMPILE_FAILED',
      path: 'groups[1].exec.source',
      message: "groups[1].exec.source: compile failed: line 2: use of undeclared identifier 'oops'",
    })
  })
})
