import { ZeroLabError } from '@zerolab/shared'
import type { ImageContext } from '../image.ts'
import { SOCKET_IMPORTS } from '../wasm/allowList.ts'
import { compileWasm, type Compiled } from '../wasm/compileWasm.ts'
import { MapTree } from '../wasm/fileTree.ts'
import { ZEROLAB_PY } from './zerolabModule.ts'

/** Where the standard library lives in the guest; the build's prefix is `/`. */
export const STDLIB = '/lib/python3.11'

export const HOW_TO_BUILD =
  'the Python interpreter is not built: run `bash scripts/python-wasm/build.sh` ' +
  '(once; 10-50 min depending on the machine, then cached in ~/.cache/zerolab/python-wasm)'

/** What the build's manifest.json says (the fields the runtime uses). */
export interface PythonManifest {
  key: string
  pythonVersion: string
  'python.wasm': { bytes: number; sha256: string }
  'stdlib.tar': { bytes: number; sha256: string }
}

/** The interpreter's bytes and standard library, loaded once per worker. */
export interface PythonAssets {
  manifest: PythonManifest
  wasm: Uint8Array
  stdlib: MapTree
}

const KEY = 'python:assets'
const utf8d = new TextDecoder()

async function need(ctx: ImageContext, name: string): Promise<Uint8Array> {
  const bytes = await ctx.asset?.(name)
  if (!bytes) throw new ZeroLabError('UNAVAILABLE', HOW_TO_BUILD, name)
  return bytes
}

async function load(ctx: ImageContext): Promise<PythonAssets> {
  const manifest = JSON.parse(
    utf8d.decode(await need(ctx, 'python/manifest.json')),
  ) as PythonManifest
  const [wasm, tar] = await Promise.all([
    need(ctx, `python/${manifest.key}/python.wasm`),
    need(ctx, `python/${manifest.key}/stdlib.tar`),
  ])
  const stdlib = MapTree.fromTar(tar)
  // getpath looks for the platform library folder; an empty one keeps it quiet.
  stdlib.addDir(`${STDLIB}/lib-dynload`)
  stdlib.addFile(`${STDLIB}/zerolab.py`, new TextEncoder().encode(ZEROLAB_PY))
  return { manifest, wasm, stdlib }
}

/**
 * The interpreter and its standard library for this worker: fetched (or read) once, the stdlib
 * archive parsed once and shared by every instance. A failed load is not kept, so a build
 * that appears later is picked up by the next instance.
 */
export function pythonAssets(ctx: ImageContext): Promise<PythonAssets> {
  let p = ctx.cache.get(KEY) as Promise<PythonAssets> | undefined
  if (p === undefined) {
    p = load(ctx)
    p.catch(() => ctx.cache.delete(KEY))
    ctx.cache.set(KEY, p)
  }
  return p
}

/** python.wasm compiled with its memory capped at `memoryBytes` (cached per worker). */
export function compilePython(
  a: PythonAssets,
  memoryBytes: number,
  ctx: ImageContext,
): Promise<Compiled> {
  const hash = `python:${a.manifest['python.wasm'].sha256}`
  return compileWasm(a.wasm, hash, memoryBytes, { ...ctx, extraImports: SOCKET_IMPORTS })
}
