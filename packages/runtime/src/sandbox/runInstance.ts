import { ZeroLabError, type InstanceResult, type InstanceSpec } from '@zerolab/shared'
import { failedResult } from './common/failedResult.ts'
import { runComponent } from './component/runComponent.ts'
import type { ImageContext, RunImage } from './image.ts'
import { runJs } from './js/runJs.ts'
import { runWasm } from './wasm/runWasm.ts'

const IMAGES: Record<string, RunImage> = { wasm: runWasm, js: runJs, component: runComponent }

/**
 * Runs one instance in the image its program names. Never throws: a rejected program
 * (ZeroLabError) ends `invalid`, anything unexpected ends `error`.
 */
export async function runInstance(spec: InstanceSpec, ctx: ImageContext): Promise<InstanceResult> {
  try {
    const run = IMAGES[spec.program.image]
    if (!run) {
      return failedResult(spec.name, {
        status: 'invalid',
        message: `unknown image "${String(spec.program.image)}"`,
      })
    }
    return await run(spec, ctx)
  } catch (e) {
    if (e instanceof ZeroLabError)
      return failedResult(spec.name, { status: 'invalid', message: e.message })
    return failedResult(spec.name, {
      status: 'error',
      message: `runtime failure: ${e instanceof Error ? e.message : String(e)}`,
    })
  }
}
