import { describe, expect, it } from 'vitest'
import type { ChannelSpec, InstanceResult } from '@zerolab/shared'
import { compileC } from '../../../test/clang.ts'
import { bytesOf, buildComponent } from '../../../test/componentBuild.ts'
import { makeSpec } from '../../../test/spec.ts'
import type { ImageContext } from '../image.ts'
import { runInstance } from '../runInstance.ts'

const ctx: ImageContext = { cache: new Map() }

function channels(): ChannelSpec[] {
  return [
    { alias: '/dev/input', mode: 'read', kind: 'local', data: bytesOf('one two\nthree\n') },
    { alias: '/dev/in/map-1', mode: 'read', kind: 'pipe', data: bytesOf('abc') },
    { alias: '/dev/in/map-2', mode: 'read', kind: 'pipe', data: bytesOf('abcdef') },
    { alias: '/dev/stdout', mode: 'write', kind: 'local' },
    { alias: '/dev/stderr', mode: 'write', kind: 'local' },
  ]
}

/** Runs one C fixture in the wasm image and, through `jco new`, in the component image. */
async function both(file: string): Promise<[InstanceResult, InstanceResult]> {
  const wasm = await runInstance(makeSpec({ code: compileC(file), channels: channels() }), ctx)
  const spec = makeSpec({ code: buildComponent(file), image: 'component', channels: channels() })
  return [wasm, await runInstance(spec, ctx)]
}

describe('the same C in the wasm and component images', () => {
  it.each(['wordcount.c', 'listpeers.c', 'clockrandom.c'])(
    '%s gives the same output ETag and read counters',
    async (file) => {
      const [wasm, component] = await both(file)
      expect(component.status).toBe('ok')
      expect(wasm.status).toBe('ok')
      expect(component.etags['/dev/stdout']).toBe(wasm.etags['/dev/stdout'])
      const { reads, readBytes, pipeReads, pipeReadBytes } = wasm.accounting
      expect(component.accounting).toMatchObject({ reads, readBytes, pipeReads, pipeReadBytes })
    },
  )

  it('escape.c is refused everything but /dev/input in both', async () => {
    const [wasm, component] = await both('escape.c')
    for (const r of [wasm, component]) {
      expect(r).toMatchObject({ status: 'ok', exitCode: 0 })
      const out = new TextDecoder().decode(r.outputs['/dev/stdout'])
      expect(out.match(/OPENED/g)).toEqual(['OPENED'])
      expect(out).toContain('/dev/input: OPENED')
      expect(out).toContain('/dev/newfile: Permission denied')
    }
  })
})
