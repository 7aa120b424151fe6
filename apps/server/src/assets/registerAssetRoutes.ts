import { ZeroLabError } from '@zerolab/shared'
import { currentPythonBuild, pythonCacheDir } from '@zerolab/runtime/node'
import type { Hono } from 'hono'
import { createReadStream } from 'node:fs'
import { readFile, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { Readable } from 'node:stream'

const NOT_BUILT =
  'the Python interpreter is not built on this server: run `bash scripts/python-wasm/build.sh` ' +
  '(once; 10-50 min depending on the machine, then cached)'
const FILES: Record<string, string> = {
  'python.wasm': 'application/wasm',
  'stdlib.tar': 'application/x-tar',
}

/**
 * The python image's files for browsers (the runtime's web workers load them lazily):
 * `GET /api/assets/python/manifest.json` names the current build (never cached: a rebuild
 * shows at once); `GET /api/assets/python/<key>/python.wasm|stdlib.tar` are that build's
 * files, immutable under their key, streamed from the build cache. Same-origin, so a
 * cross-origin-isolated page may load them. 503 UNAVAILABLE when nothing is built.
 */
export function registerAssetRoutes(app: Hono, dir = pythonCacheDir()): void {
  app.get('/api/assets/python/manifest.json', async (c) => {
    const key = await currentPythonBuild(dir)
    const text =
      key && (await readFile(join(dir, key, 'manifest.json'), 'utf8').catch(() => undefined))
    if (!text) throw new ZeroLabError('UNAVAILABLE', NOT_BUILT, 'python/manifest.json')
    c.header('Cache-Control', 'no-cache')
    c.header('Cross-Origin-Resource-Policy', 'same-origin')
    return c.body(text, 200, { 'Content-Type': 'application/json' })
  })
  app.get('/api/assets/python/:key/:file', async (c) => {
    const { key, file } = c.req.param()
    const type = Object.hasOwn(FILES, file) ? FILES[file] : undefined
    if (!/^[0-9a-f]{16}$/.test(key) || !type)
      throw new ZeroLabError('NOT_FOUND', 'no such asset', `python/${key}/${file}`)
    const path = join(dir, key, file)
    const size = await stat(path).then(
      (s) => s.size,
      () => undefined,
    )
    if (size === undefined) {
      const current = await currentPythonBuild(dir)
      throw current
        ? new ZeroLabError(
            'NOT_FOUND',
            `no build ${key} (the current one is ${current})`,
            `python/${key}/${file}`,
          )
        : new ZeroLabError('UNAVAILABLE', NOT_BUILT, `python/${key}/${file}`)
    }
    const body = Readable.toWeb(createReadStream(path)) as ReadableStream<Uint8Array>
    return new Response(body, {
      headers: {
        'Content-Type': type,
        'Content-Length': String(size),
        'Cache-Control': 'public, max-age=31536000, immutable',
        'Cross-Origin-Resource-Policy': 'same-origin',
        ETag: `"${key}-${file}"`,
      },
    })
  })
}
