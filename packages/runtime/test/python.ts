import { execFileSync } from 'node:child_process'
import { join } from 'node:path'
import { assetFiles } from '../src/node/assetFiles.ts'
import type { ImageContext } from '../src/sandbox/image.ts'

const BUILD = join(import.meta.dirname, '../../../scripts/python-wasm/build.sh')
/** The first build from an empty cache takes 10-15 minutes (much longer on a loaded machine). */
export const PYTHON_BUILD_TIMEOUT = 60 * 60_000

/**
 * Makes sure python.wasm and its stdlib are in the build cache: runs the build script, which
 * returns at once when the cache has this build, and builds it otherwise (a fresh machine).
 */
export function ensurePython(): void {
  execFileSync('bash', [BUILD], { stdio: ['ignore', 'inherit', 'inherit'] })
}

/** An ImageContext that loads the python build like a Node worker does. */
export function pythonContext(): ImageContext {
  return { cache: new Map(), asset: assetFiles() }
}
