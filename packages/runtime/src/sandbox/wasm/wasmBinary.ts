import { ZeroLabError } from '@zerolab/shared'

/** Wasm page size. */
export const PAGE = 65536

const MEMORY_SECTION = 5

function readU32(b: Uint8Array, at: number): [value: number, next: number] {
  let v = 0
  let shift = 0
  for (let i = at; i < b.length && shift < 35; i++) {
    const byte = b[i]!
    v += (byte & 0x7f) * 2 ** shift
    if ((byte & 0x80) === 0) return [v, i + 1]
    shift += 7
  }
  throw new ZeroLabError('INVALID_MODULE', 'malformed LEB128 in module')
}

function writeU32(v: number): number[] {
  const out: number[] = []
  do {
    let byte = v & 0x7f
    v = Math.floor(v / 128)
    if (v !== 0) byte |= 0x80
    out.push(byte)
  } while (v !== 0)
  return out
}

export interface CappedModule {
  bytes: Uint8Array
  /** Initial pages of the defined memory (0 when none is defined). */
  minPages: number
}

/**
 * Rewrites the memory section so the defined memory's maximum is at most `maxPages`, which
 * makes `memory.grow` fail (return -1) past the limit. Throws INVALID_MODULE for anything that
 * is not a core module or declares a shared or 64-bit memory.
 */
export function capMemory(bytes: Uint8Array, maxPages: number): CappedModule {
  if (
    bytes.length < 8 ||
    bytes[0] !== 0x00 ||
    bytes[1] !== 0x61 ||
    bytes[2] !== 0x73 ||
    bytes[3] !== 0x6d
  ) {
    throw new ZeroLabError('INVALID_MODULE', 'not a WebAssembly module (bad magic)')
  }
  if (bytes[4] !== 1 || bytes[5] !== 0 || bytes[6] !== 0 || bytes[7] !== 0) {
    throw new ZeroLabError('INVALID_MODULE', 'not a core WebAssembly module (a component?)')
  }
  let at = 8
  while (at < bytes.length) {
    const id = bytes[at]!
    const [size, body] = readU32(bytes, at + 1)
    const end = body + size
    if (end > bytes.length) throw new ZeroLabError('INVALID_MODULE', 'truncated module')
    if (id === MEMORY_SECTION) return rewriteMemory(bytes, { start: at, body, end }, maxPages)
    at = end
  }
  return { bytes, minPages: 0 }
}

function rewriteMemory(
  bytes: Uint8Array,
  { start: sectionStart, body, end }: { start: number; body: number; end: number },
  maxPages: number,
): CappedModule {
  let [count, at] = readU32(bytes, body)
  const out: number[] = writeU32(count)
  let minPages = 0
  while (count-- > 0) {
    const flags = bytes[at]!
    if (flags & 0x02) throw new ZeroLabError('INVALID_MODULE', 'shared memory is not allowed')
    if (flags & ~0x01) throw new ZeroLabError('INVALID_MODULE', '64-bit memory is not supported')
    const [min, afterMin] = readU32(bytes, at + 1)
    at = afterMin
    let max = Infinity
    if (flags & 0x01) [max, at] = readU32(bytes, at)
    minPages = Math.max(minPages, min)
    const cap = Math.max(min, Math.min(max, maxPages))
    out.push(0x01, ...writeU32(min), ...writeU32(cap))
  }
  if (at !== end) throw new ZeroLabError('INVALID_MODULE', 'malformed memory section')
  const section = [MEMORY_SECTION, ...writeU32(out.length), ...out]
  const next = new Uint8Array(bytes.length - (end - sectionStart) + section.length)
  next.set(bytes.subarray(0, sectionStart))
  next.set(section, sectionStart)
  next.set(bytes.subarray(end), sectionStart + section.length)
  return { bytes: next, minPages }
}
