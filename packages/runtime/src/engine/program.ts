import {
  RUNTIME_CAPS,
  ZeroLabError,
  isCompiledLang,
  overCap,
  parseJobPath,
  isOwnAccount,
  type ImageKind,
  type JobGroup,
  type ProgramRef,
} from '@zerolab/shared'
import { md5Hex } from '../sandbox/common/md5.ts'
import { IMAGE_REGISTRY, inferImage } from '../sandbox/images.ts'
import { readRange } from '../store/objectIo.ts'
import type { ObjectInfo, ObjectStore } from '../store/objectStore.ts'

function base64Bytes(text: string): Uint8Array {
  const bin = atob(text.replace(/\s+/g, ''))
  const out = new Uint8Array(bin.length)
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i)
  return out
}

const MD5_HEX = /^[0-9a-f]{32}$/i

const asText = (code: Uint8Array | string): string =>
  typeof code === 'string' ? code : new TextDecoder().decode(code)
const asBytes = (code: Uint8Array | string): Uint8Array =>
  typeof code === 'string' ? new TextEncoder().encode(code) : code

/** `ref.code` as its image takes it (text or bytes), with the image's own fields (js: `lang`). */
function programRef(
  ref: { image: ImageKind; code: Uint8Array | string; hash: string },
  g: JobGroup,
  name: string,
): ProgramRef {
  const d = IMAGE_REGISTRY[ref.image]
  const code = d.program === 'text' ? asText(ref.code) : asBytes(ref.code)
  return { ...ref, code, ...d.programFields?.(g.exec, name) }
}

/** `etag`: the store's MD5 of `bytes`, when known; saves hashing a large program again. */
function fromBytes(bytes: Uint8Array, g: JobGroup, name: string, etag?: string): ProgramRef {
  const image = g.exec.image ?? inferImage(bytes, name)
  const hash = etag !== undefined && MD5_HEX.test(etag) ? etag.toLowerCase() : md5Hex(bytes)
  return programRef({ image, code: bytes, hash }, g, name)
}

/** Interpreters a job may name as ZeroCloud system images: `file://<image>:<path>`. */
const SYSTEM_IMAGES: Record<string, { image: ImageKind; paths: string[] }> = {
  python: { image: 'python', paths: ['python', 'python3', 'python3.11', 'bin/python'] },
}

/**
 * `file://python:python` (ZeroCloud's system-image spelling, which also wanted the device
 * `{"name": "python"}`): the interpreter itself, its args given as they are.
 */
function systemImage(g: JobGroup, at: string, name: string, path: string): ProgramRef {
  const sys = Object.hasOwn(SYSTEM_IMAGES, name) ? SYSTEM_IMAGES[name] : undefined
  if (!sys) {
    const hint = name.startsWith('python') ? '; Python 3.11 is file://python:python' : ''
    throw new ZeroLabError(
      'UNSUPPORTED',
      `${at}.path: no system image "${name}" here${hint}`,
      `${at}.path`,
    )
  }
  if (!sys.paths.includes(path.replace(/^\/+/, ''))) {
    throw new ZeroLabError(
      'NOT_FOUND',
      `${at}.path: system image "${name}" has no program "${path}" (it has ${sys.paths[0]})`,
      `${at}.path`,
    )
  }
  if (!g.devices.some((d) => d.name === name)) {
    throw new ZeroLabError(
      'INVALID_JOB',
      `${at}.path: file://${name}:… needs the device {"name": "${name}"} (as ZeroCloud did)`,
      `${at}.path`,
    )
  }
  return programRef({ image: sys.image, code: '', hash: `sysimage:${name}` }, g, '')
}

/**
 * The program of a group: inline `exec.source` (JS/TS text, or base64 wasm) or the object
 * `exec.path` names. The image is `exec.image`, else `js` for inline text, else inferred from
 * the object's name or header (`inferImage`).
 */
export async function loadProgram(
  g: JobGroup,
  gi: number,
  store: ObjectStore,
  account: string,
): Promise<ProgramRef> {
  const at = `groups[${gi}].exec`
  if (isCompiledLang(g.exec.lang)) {
    throw new ZeroLabError(
      'UNSUPPORTED',
      `${at}.lang: "${g.exec.lang}" stages are compiled first (compileProgram)`,
      `${at}.lang`,
    )
  }
  if (g.exec.source !== undefined) {
    if (g.exec.encoding === 'base64') return fromBytes(base64Bytes(g.exec.source), g, '')
    const { image = 'js', source } = g.exec
    return programRef({ image, code: source, hash: md5Hex(source) }, g, '')
  }
  const p = parseJobPath(g.exec.path!)
  if (typeof p !== 'string' && p.scheme === 'file' && p.image !== undefined) {
    return systemImage(g, at, p.image, p.path)
  }
  if (typeof p === 'string' || p.scheme !== 'swift') {
    throw new ZeroLabError(
      'UNSUPPORTED',
      `${at}.path: ${g.exec.path} is not in the object store (no system images); upload the .wasm and use swift://`,
      `${at}.path`,
    )
  }
  const acct = isOwnAccount(p.account) ? account : p.account
  // Sized before a byte is read: a program over the module cap is never loaded.
  const reader = await store.open(acct, p.container, p.object!)
  let got: { info: ObjectInfo; data: Uint8Array } | undefined
  if (reader) {
    try {
      const size = reader.info.bytes
      if (size > RUNTIME_CAPS.maxModuleBytes)
        throw overCap(`${at}.path`, 'bytes of program', size, RUNTIME_CAPS.maxModuleBytes)
      got = { info: reader.info, data: await readRange(reader, 0, size) }
    } finally {
      await reader.close()
    }
  }
  if (!got)
    throw new ZeroLabError('NOT_FOUND', `${at}.path: no such object ${g.exec.path}`, `${at}.path`)
  // The store guarantees ETag = MD5 of the content.
  return fromBytes(got.data, g, p.object!, got.info.etag)
}
