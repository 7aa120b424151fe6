import { readFile } from 'node:fs/promises'
import { homedir } from 'node:os'
import { join } from 'node:path'

/** The python-wasm build cache (scripts/python-wasm/build.sh writes the same place). */
export function pythonCacheDir(): string {
  const env = process.env['ZEROLAB_PYTHON_WASM_CACHE']
  if (env) return env
  const base = process.env['XDG_CACHE_HOME'] ?? join(homedir(), '.cache')
  return join(base, 'zerolab', 'python-wasm')
}

/** The current build's key (current.json names it), or undefined when nothing is built. */
export async function currentPythonBuild(dir = pythonCacheDir()): Promise<string | undefined> {
  const current = await readOrUndefined(join(dir, 'current.json')).catch(() => undefined)
  if (!current) return undefined
  try {
    const { key } = JSON.parse(new TextDecoder().decode(current)) as { key?: unknown }
    return typeof key === 'string' && /^[0-9a-f]{16}$/.test(key) ? key : undefined
  } catch {
    return undefined
  }
}

const BUILT = /^python\/([0-9a-f]{16})\/(python\.wasm|stdlib\.tar|manifest\.json)$/

async function readOrUndefined(path: string): Promise<Uint8Array | undefined> {
  try {
    return new Uint8Array(await readFile(path))
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw e
  }
}

/**
 * ImageContext.asset on Node: the python build from the cache dir. `python/manifest.json` is
 * the current build's (current.json names it); `python/<key>/<file>` one build's files. Any
 * other name is not an asset.
 */
export function assetFiles(
  dir = pythonCacheDir(),
): (name: string) => Promise<Uint8Array | undefined> {
  return async (name) => {
    if (name === 'python/manifest.json') {
      const key = await currentPythonBuild(dir)
      return key ? readOrUndefined(join(dir, key, 'manifest.json')) : undefined
    }
    const m = BUILT.exec(name)
    return m ? readOrUndefined(join(dir, m[1]!, m[2]!)) : undefined
  }
}
