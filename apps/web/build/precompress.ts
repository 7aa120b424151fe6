/**
 * A Vite plugin that writes `.br` and `.gz` next to every compressible asset after the build;
 * the server sends them as they are (`serveStatic({ precompressed: true })`), so the browser
 * downloads Monaco and the runtime compressed without the server compressing per request.
 */
import { readFile, readdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { brotliCompress, constants, gzip } from 'node:zlib'
import type { Plugin } from 'vite'

const COMPRESSIBLE = /\.(js|mjs|css|html|json|svg|wasm|txt|map)$/
const MIN_BYTES = 1024
const br = promisify(brotliCompress)
const gz = promisify(gzip)

async function files(dir: string): Promise<string[]> {
  const out: string[] = []
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const p = join(dir, e.name)
    if (e.isDirectory()) out.push(...(await files(p)))
    else if (COMPRESSIBLE.test(e.name)) out.push(p)
  }
  return out
}

/** Compresses one file both ways; keeps a variant only when it is smaller. */
export async function precompressFile(path: string): Promise<void> {
  const data = await readFile(path)
  if (data.length < MIN_BYTES) return
  const [b, g] = await Promise.all([
    // Quality 9 of 11: nearly the best ratio at a fraction of the time on big files (Monaco).
    br(data, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: 9,
        [constants.BROTLI_PARAM_SIZE_HINT]: data.length,
      },
    }),
    gz(data, { level: 9 }),
  ])
  if (b.length < data.length) await writeFile(`${path}.br`, b)
  if (g.length < data.length) await writeFile(`${path}.gz`, g)
}

export function precompress(): Plugin {
  let outDir = 'dist'
  return {
    name: 'zerolab-precompress',
    apply: 'build',
    configResolved(c) {
      outDir = c.build.outDir
    },
    async closeBundle() {
      await Promise.all((await files(outDir)).map(precompressFile))
    },
  }
}
