import {
  ZeroLabError,
  type ImageKind,
  type InstanceResult,
  type InstanceSpec,
} from '@zerolab/shared'
import { failedResult } from './common/failedResult.ts'
import type { ImageContext, RunImage } from './image.ts'
import { runWasm } from './wasm/runWasm.ts'

// The js (QuickJS) and component (jco) images are large; they load on first use so a fresh
// worker is ready at once and bundlers split them into lazy chunks.
const IMAGES: Record<ImageKind, () => Promise<RunImage>> = {
  wasm: () => Promise.resolve(runWasm),
  js: async () => (await import('./js/runJs.ts')).runJs,
  component: async () => (await import('./component/runComponent.ts')).runComponent,
}

/**
 * Images already imported: a repeated dynamic import is not free (in a tsx worker each one is
 * a round trip to the loader thread), so a warm instance skips it.
 */
const loaded = new Map<() => Promise<RunImage>, RunImage>()

/**
 * Runs one instance in the image its program names. Never throws: a rejected program
 * (ZeroLabError) ends `invalid`, anything unexpected ends `error`.
 */
export async function runInstance(spec: InstanceSpec, ctx: ImageContext): Promise<InstanceResult> {
  try {
    const load = Object.hasOwn(IMAGES, spec.program.image) ? IMAGES[spec.program.image] : undefined
    if (!load) {
      return failedResult(spec.name, {
        status: 'invalid',
        message: `unknown image "${String(spec.program.image)}"`,
      })
    }
    const run = loaded.get(load) ?? (await load())
    loaded.set(load, run)
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
