import { toZeroLabError, type InstanceResult, type InstanceSpec } from '@zerolab/shared'
import { failedResult } from '../common/failedResult.ts'
import type { ImageContext, RunImage } from '../image.ts'
import { OverlayTree } from '../wasm/fileTree.ts'
import { runCompiled } from '../wasm/runWasm.ts'
import type { Compiled } from '../wasm/compileWasm.ts'
import { compilePython, pythonAssets, type PythonAssets } from './pythonAssets.ts'

/** Where an instance's script is, in the guest (tracebacks name it). */
export const SCRIPT = '/main.py'
const utf8 = new TextEncoder()

/**
 * Runs a Python stage: python.wasm on the wasm image's WASI (channels under `/dev`, clocks at
 * the job's epoch, randomness from its seed), with the standard library and the script as a
 * read-only tree at `/`. `sys.argv` is the script then the stage's args; for
 * `file://python:python` the args are the interpreter's own (ZeroCloud: `-c …`, a path).
 */
export const runPython: RunImage = async (
  spec: InstanceSpec,
  ctx: ImageContext,
): Promise<InstanceResult> => {
  const t0 = performance.now()
  const c0 = ctx.cpuNow?.()
  let loaded: [PythonAssets, Compiled]
  try {
    const assets = await pythonAssets(ctx)
    loaded = [assets, await compilePython(assets, spec.limits.memoryBytes, ctx)]
  } catch (e) {
    const err = toZeroLabError(e)
    return failedResult(spec.name, { status: 'invalid', message: `${err.code}: ${err.message}` })
  }
  const [assets, compiled] = loaded
  const { code } = spec.program
  const script = typeof code === 'string' ? utf8.encode(code) : code
  const own = spec.program.interpreter === true
  const tree = own ? assets.stdlib : new OverlayTree(assets.stdlib, { [SCRIPT]: script })
  // argv[0] is the instance's name, as for any image: Python keeps it in sys.orig_argv[0].
  const argv0 = spec.argv0 ?? spec.name
  const args = own ? [argv0, ...spec.args] : [argv0, SCRIPT, ...spec.args]
  return runCompiled(spec, ctx, compiled, { args, tree, t0, c0 })
}
