import { describe, expect, it } from 'vitest'
import { HELLO_WAT } from '../../test/hostile.ts'
import { makeSpec, text } from '../../test/spec.ts'
import { wat } from '../../test/wat.ts'
import { runInstance } from './runInstance.ts'

const ctx = { cache: new Map<string, unknown>() }

describe('runInstance', () => {
  it('dispatches on the image', async () => {
    const wasm = await runInstance(makeSpec({ code: await wat(HELLO_WAT) }), ctx)
    expect(text(wasm.outputs['/dev/stdout'])).toBe('hello\n')
    const js = await runInstance(makeSpec({ code: 'console.log("hi")', image: 'js' }), ctx)
    expect(js.status).toBe('ok')
    expect(text(js.outputs['/dev/stdout'])).toBe('hi\n')
  })

  it('never throws: unknown images and wrong programs become statuses', async () => {
    const spec = makeSpec({ code: await wat(HELLO_WAT) })
    const unknown = await runInstance(
      { ...spec, program: { ...spec.program, image: 'nexe' as never } },
      ctx,
    )
    expect(unknown).toMatchObject({
      status: 'invalid',
      validation: 1,
      message: 'unknown image "nexe"',
    })
    const notWasm = await runInstance(makeSpec({ code: 'not a module', image: 'wasm' }), ctx)
    expect(notWasm).toMatchObject({ status: 'invalid', validation: 1 })
    const core = await runInstance(
      makeSpec({ code: await wat(HELLO_WAT), image: 'component' }),
      ctx,
    )
    expect(core.status).toBe('invalid')
  })
})
