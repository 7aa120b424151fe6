import {
  ZeroLabError,
  parseJobPath,
  isOwnAccount,
  type ImageKind,
  type JobGroup,
  type ProgramRef,
} from '@zerolab/shared'
import { md5Hex } from '../sandbox/common/md5.ts'
import { getObject } from '../store/objectIo.ts'
import type { ObjectStore } from '../store/objectStore.ts'

/** `wasm` for a core module, `component` for a component, undefined for anything else. */
export function wasmKind(bytes: Uint8Array): 'wasm' | 'component' | undefined {
  if (
    bytes.length < 8 ||
    bytes[0] !== 0 ||
    bytes[1] !== 0x61 ||
    bytes[2] !== 0x73 ||
    bytes[3] !== 0x6d
  ) {
    return undefined
  }
  // Core modules have version 1 (01 00) and layer 0; components have layer 1 (bytes 6-7 = 01 00).
  return bytes[6] === 1 && bytes[7] === 0 ? 'component' : 'wasm'
}

function base64Bytes(text: string): Uint8Array {
  const bin = atob(text.replace(/\s+/g, ''))
  const out = new Uint8Array(bin.length)
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i)
  return out
}

const MD5_HEX = /^[0-9a-f]{32}$/i

/** `etag`: the store's MD5 of `bytes`, when known; saves hashing a large program again. */
function fromBytes(bytes: Uint8Array, g: JobGroup, pathName: string, etag?: string): ProgramRef {
  const isScript = /\.(m?js|ts)$/.test(pathName)
  const image: ImageKind = g.exec.image ?? (isScript ? 'js' : (wasmKind(bytes) ?? 'wasm'))
  const hash = etag !== undefined && MD5_HEX.test(etag) ? etag.toLowerCase() : md5Hex(bytes)
  if (image === 'js') {
    const code = new TextDecoder().decode(bytes)
    const lang = g.exec.lang ?? (pathName.endsWith('.ts') ? 'ts' : 'js')
    return { image, code, hash, lang }
  }
  return { image, code: bytes, hash }
}

/**
 * The program of a group: inline `exec.source` (JS/TS text, or base64 wasm) or the object
 * `exec.path` names. The image is `exec.image` or inferred: `.js`/`.ts` → js, otherwise
 * the binary header says wasm or component.
 */
export async function loadProgram(
  g: JobGroup,
  gi: number,
  store: ObjectStore,
  account: string,
): Promise<ProgramRef> {
  const at = `groups[${gi}].exec`
  if (g.exec.source !== undefined) {
    if (g.exec.encoding === 'base64') return fromBytes(base64Bytes(g.exec.source), g, '')
    const image = g.exec.image ?? 'js'
    if (image !== 'js') return fromBytes(new TextEncoder().encode(g.exec.source), g, '')
    const code = g.exec.source
    return { image, code, hash: md5Hex(code), lang: g.exec.lang ?? 'js' }
  }
  const p = parseJobPath(g.exec.path!)
  if (typeof p === 'string' || p.scheme !== 'swift') {
    throw new ZeroLabError(
      'UNSUPPORTED',
      `${at}.path: ${g.exec.path} is not in the object store (no system images); upload the .wasm and use swift://`,
      `${at}.path`,
    )
  }
  const acct = isOwnAccount(p.account) ? account : p.account
  const got = await getObject(store, `${acct}/${p.container}/${p.object!}`)
  if (!got)
    throw new ZeroLabError('NOT_FOUND', `${at}.path: no such object ${g.exec.path}`, `${at}.path`)
  // The store guarantees ETag = MD5 of the content.
  return fromBytes(got.data, g, p.object!, got.info.etag)
}
