import {
  ZeroLabError,
  type ImageKind,
  type InstanceResult,
  type InstanceSpec,
} from '@zerolab/shared'
import { failedResult } from './common/failedResult.ts'
import type { ImageContext, RunImage } from './image.ts'
import { IMAGE_REGISTRY } from './images.ts'

/**
 * Images already imported: a repeated dynamic import is not free (in a tsx worker each one is
 * a round trip to the loader thread), so a warm instance skips it.
 */
const loaded = new Map<ImageKind, RunImage>()

/**
 * Runs one instance in the image its program names. Never throws: a rejected program
 * (ZeroLabError) ends `invalid`, anything unexpected ends `error`.
 */
export async function runInstance(spec: InstanceSpec, ctx: ImageContext): Promise<InstanceResult> {
  try {
    const kind = spec.program.image
    const image = Object.hasOwn(IMAGE_REGISTRY, kind) ? IMAGE_REGISTRY[kind] : undefined
    if (!image) {
      return failedResult(spec.name, {
        status: 'invalid',
        message: `unknown image "${String(spec.program.image)}"`,
      })
    }
    const run = loaded.get(kind) ?? (await image.load())
    loaded.set(kind, run)
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
